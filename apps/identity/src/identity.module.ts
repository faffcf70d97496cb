import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '#auth';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { CreateAccountHandler } from './accounts/create-account/create-account.handler.js';
import { CreateAccountHttpController } from './accounts/create-account/create-account.http.controller.js';
import { CreateApiKeyHandler } from './accounts/create-api-key/create-api-key.handler.js';
import { CreateApiKeyHttpController } from './accounts/create-api-key/create-api-key.http.controller.js';
import { TypeOrmAccountRepository } from './accounts/database/account.repository.js';
import { ACCOUNT_REPOSITORY } from './accounts/database/account.repository.port.js';
import { ListAccountsHttpController } from './accounts/list-accounts/list-accounts.http.controller.js';
import { PasswordHasher } from './accounts/password.hasher.js';
import { AccessTokenIssuer } from './auth/access-token.issuer.js';
import { ExchangeSsoTokenHandler } from './auth/exchange-sso-token/exchange-sso-token.handler.js';
import { ExchangeSsoTokenHttpController } from './auth/exchange-sso-token/exchange-sso-token.http.controller.js';
import { SsoTokenVerifier } from './auth/exchange-sso-token/sso-token.verifier.js';
import { IssueTokenHandler } from './auth/issue-token/issue-token.handler.js';
import { IssueTokenHttpController } from './auth/issue-token/issue-token.http.controller.js';
import { SignInThrottlerGuard } from './auth/issue-token/sign-in-throttler.guard.js';
import { WhoAmIHttpController } from './auth/who-am-i/who-am-i.http.controller.js';
import { identityDatabase } from './database/identity.database.js';
import { HealthController } from './health/health.controller.js';
import { IdentityConfig } from './identity.config.js';

/** Accounts, sign-in and API keys. It signs the access tokens every other service verifies. */
@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        structuredLogger('identity', config.LOG_LEVEL),
        healthChecks({ cacheMs: config.HEALTH_CACHE_MS }),
        identityDatabase(config),
        AuthModule.forRoot({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'sign-in', ttl: 15 * 60_000, limit: config.SIGN_IN_ATTEMPTS_PER_15_MINUTES }],
          errorMessage: 'Too many sign-in attempts for this account; wait 15 minutes and try again',
        }),
      ],
      controllers: [
        IssueTokenHttpController,
        ExchangeSsoTokenHttpController,
        WhoAmIHttpController,
        CreateAccountHttpController,
        ListAccountsHttpController,
        CreateApiKeyHttpController,
        HealthController,
      ],
      providers: [
        { provide: IdentityConfig, useValue: config },
        { provide: ACCOUNT_REPOSITORY, useClass: TypeOrmAccountRepository },
        PasswordHasher,
        AccessTokenIssuer,
        CreateAccountHandler,
        CreateApiKeyHandler,
        IssueTokenHandler,
        SignInThrottlerGuard,
        SsoTokenVerifier,
        ExchangeSsoTokenHandler,
      ],
    };
  }
}
