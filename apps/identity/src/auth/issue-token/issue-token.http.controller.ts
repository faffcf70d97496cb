import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '#auth';
import { IssueTokenHandler } from './issue-token.handler.js';
import { IssueTokenRequestDto } from './issue-token.request.dto.js';

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
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: email and password, or an API key, for an access token' })
  @ApiOkResponse({ type: AccessTokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong credentials' })
  issue(@Body() body: IssueTokenRequestDto): Promise<AccessTokenResponseDto> {
    return this.handler.execute(body);
  }
}
