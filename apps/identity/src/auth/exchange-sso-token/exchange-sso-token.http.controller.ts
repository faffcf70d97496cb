import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '#auth';
import { AccessTokenResponseDto } from '../issue-token/issue-token.http.controller.js';
import { SignInBackoffInterceptor } from '../issue-token/sign-in-backoff.interceptor.js';
import { ExchangeSsoTokenCommand } from './exchange-sso-token.command.js';
import { ExchangeSsoTokenHandler } from './exchange-sso-token.handler.js';
import { ExchangeSsoTokenRequestDto } from './exchange-sso-token.request.dto.js';

@ApiTags('auth')
@Controller('auth')
export class ExchangeSsoTokenHttpController {
  constructor(private readonly handler: ExchangeSsoTokenHandler) {}

  @Post('sso/token')
  @Public()
  @UseInterceptors(SignInBackoffInterceptor)
  @HttpCode(200)
  @ApiTooManyRequestsResponse({
    description:
      'After a few refused ID tokens naming this person (issuer and subject) each further one waits; try again after Retry-After. ' +
      'Or too many attempts from this address (the gateway, SIGN_IN_PER_ADDRESS_PER_MINUTE)',
  })
  @ApiOperation({
    summary: 'Single sign-on: exchange an OpenID Connect ID token from your organisation’s provider for an access token',
  })
  @ApiOkResponse({ type: AccessTokenResponseDto })
  @ApiUnauthorizedResponse({
    description:
      'Bad signature, issuer, audience or expiry; no subject; email not verified (email_verified must be true); no account for it; ' +
      'the account bound to another person at the provider; an admin account (unless OIDC_ALLOW_ADMINS=true)',
  })
  @ApiNotFoundResponse({ description: 'Single sign-on is not configured' })
  exchange(@Body() body: ExchangeSsoTokenRequestDto): Promise<AccessTokenResponseDto> {
    return this.handler.execute(new ExchangeSsoTokenCommand(body.idToken));
  }
}
