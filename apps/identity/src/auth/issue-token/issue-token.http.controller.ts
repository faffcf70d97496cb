import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '#auth';
import { IssueTokenCommand } from './issue-token.command.js';
import { IssueTokenHandler } from './issue-token.handler.js';
import { IssueTokenRequestDto } from './issue-token.request.dto.js';
import { SignInThrottlerGuard } from './sign-in-throttler.guard.js';

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
  @UseGuards(SignInThrottlerGuard)
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account; wait and try again' })
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
