import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '#auth';
import { IssueTokenCommand } from './issue-token.command.js';
import { IssueTokenHandler } from './issue-token.handler.js';
import { IssueTokenRequestDto } from './issue-token.request.dto.js';
import { SignInBackoffInterceptor } from './sign-in-backoff.interceptor.js';

export class AccessTokenResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until it expires' }) expiresIn!: number;
}

@ApiTags('auth')
@Controller('auth')
export class IssueTokenHttpController {
  constructor(private readonly handler: IssueTokenHandler) {}

  @Post('token')
  @Public()
  @UseInterceptors(SignInBackoffInterceptor)
  @HttpCode(200)
  @ApiTooManyRequestsResponse({
    description:
      'After a few wrong attempts at this account each further one waits (doubling, up to SIGN_IN_MAX_DELAY_SECONDS): ' +
      'try again after Retry-After; or too many attempts from this address (the gateway, SIGN_IN_PER_ADDRESS_PER_MINUTE)',
  })
  @ApiServiceUnavailableResponse({ description: 'Too many sign-ins at the same moment; try again after Retry-After' })
  @ApiOperation({ summary: 'Sign in: email and password, or an API key, for an access token' })
  @ApiOkResponse({ type: AccessTokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong credentials' })
  issue(@Body() body: IssueTokenRequestDto): Promise<AccessTokenResponseDto> {
    // Validation let through either an API key, or an email and a password.
    const command = new IssueTokenCommand(
      body.apiKey ? { kind: 'api-key', apiKey: body.apiKey } : { kind: 'password', email: body.email!, password: body.password! },
    );
    return this.handler.execute(command);
  }
}
