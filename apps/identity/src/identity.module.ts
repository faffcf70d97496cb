import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, type TokenAudience } from '#auth';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { CreateAccountHandler } from './accounts/create-account/create-account.handler.js';
import { CreateAccountHttpController } from './accounts/create-account/create-account.http.controller.js';
import { CreateApiKeyHandler } from './accounts/create-api-key/create-api-key.handler.js';
import { CreateApiKeyHttpController } from './accounts/create-api-key/create-api-key.http.controller.js';
import { TypeOrmAccountRepository } from './accounts/database/account.repository.js';
import { ACCOUNT_REPOSITORY } from './accounts/database/account.repository.port.js';
import { ListAccountsHttpController } from './accounts/list-accounts/list-accounts.http.controller.js';
import { ChangeAccountAccessHandler } from './accounts/change-account-access/change-account-access.handler.js';
import { ChangeAccountAccessHttpController } from './accounts/change-account-access/change-account-access.http.controller.js';
import { DeactivateAccountHandler } from './accounts/deactivate-account/deactivate-account.handler.js';
import { DeactivateAccountHttpController } from './accounts/deactivate-account/deactivate-account.http.controller.js';
import { ListApiKeysHttpController } from './accounts/list-api-keys/list-api-keys.http.controller.js';
import { ReactivateAccountHandler } from './accounts/reactivate-account/reactivate-account.handler.js';
import { ReactivateAccountHttpController } from './accounts/reactivate-account/reactivate-account.http.controller.js';
import { RevokeApiKeyHandler } from './accounts/revoke-api-key/revoke-api-key.handler.js';
import { RevokeApiKeyHttpController } from './accounts/revoke-api-key/revoke-api-key.http.controller.js';
import { AccessStatusHttpController } from './auth/access-status/access-status.http.controller.js';
import { AccountAccessStatus } from './auth/access-status/account-access.status.js';
import { PASSWORD_HASHING_LIMITS, PasswordHasher } from './accounts/password.hasher.js';
import { AccessTokenIssuer } from './auth/access-token.issuer.js';
import { TokenSigningKeys } from './auth/token-signing-keys.js';
import { PublishKeySetHttpController } from './auth/publish-key-set/publish-key-set.http.controller.js';
import { ExchangeSsoTokenHandler } from './auth/exchange-sso-token/exchange-sso-token.handler.js';
import { ExchangeSsoTokenHttpController } from './auth/exchange-sso-token/exchange-sso-token.http.controller.js';
import { SsoTokenVerifier } from './auth/exchange-sso-token/sso-token.verifier.js';
import { IssueTokenHandler } from './auth/issue-token/issue-token.handler.js';
import { IssueTokenHttpController } from './auth/issue-token/issue-token.http.controller.js';
import { SIGN_IN_BACKOFF_POLICY, SignInBackoff, SignInBackoffInterceptor } from './auth/issue-token/sign-in-backoff.interceptor.js';
import { TypeOrmSignInAttemptsRepository } from './auth/database/sign-in-attempts.repository.js';
import { SIGN_IN_ATTEMPTS_REPOSITORY } from './auth/database/sign-in-attempts.repository.port.js';
import { WhoAmIHttpController } from './auth/who-am-i/who-am-i.http.controller.js';
import { identityDatabase } from './database/identity.database.js';
import { HealthController } from './health/health.controller.js';
import { IdentityConfig } from './identity.config.js';

/** This service, in the `aud` of access tokens. */
const IDENTITY_AUDIENCE: TokenAudience = 'identity';

/** Accounts, sign-in and API keys. It alone signs access tokens (ES256); every other service verifies them with its published keys. */
@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    const signingKeys = TokenSigningKeys.fromFiles(config.TOKEN_SIGNING_KEY_FILE, config.TOKEN_PREVIOUS_KEY_FILE);
    return {
      module: IdentityModule,
      imports: [
        structuredLogger('identity', config.LOG_LEVEL),
        healthChecks({ cacheMs: config.HEALTH_CACHE_MS }),
        identityDatabase(config),
        AuthModule.forRoot({
          issuer: config.JWT_ISSUER,
          audience: IDENTITY_AUDIENCE,
          // Identity verifies with its own public keys, the very set it publishes: no fetch from itself.
          keys: { keySet: signingKeys.publicKeySet() },
          // Identity checks its own database directly (no cache): it is where the status lives.
          accessStatus: { source: AccountAccessStatus, providers: [{ provide: ACCOUNT_REPOSITORY, useClass: TypeOrmAccountRepository }] },
        }),
      ],
      controllers: [
        IssueTokenHttpController,
        ExchangeSsoTokenHttpController,
        WhoAmIHttpController,
        CreateAccountHttpController,
        ListAccountsHttpController,
        CreateApiKeyHttpController,
        DeactivateAccountHttpController,
        ReactivateAccountHttpController,
        ChangeAccountAccessHttpController,
        ListApiKeysHttpController,
        RevokeApiKeyHttpController,
        AccessStatusHttpController,
        PublishKeySetHttpController,
        HealthController,
      ],
      providers: [
        { provide: IdentityConfig, useValue: config },
        { provide: ACCOUNT_REPOSITORY, useClass: TypeOrmAccountRepository },
        {
          provide: PASSWORD_HASHING_LIMITS,
          useValue: { concurrency: config.PASSWORD_HASH_CONCURRENCY, queue: config.PASSWORD_HASH_QUEUE },
        },
        PasswordHasher,
        { provide: TokenSigningKeys, useValue: signingKeys },
        AccessTokenIssuer,
        CreateAccountHandler,
        CreateApiKeyHandler,
        DeactivateAccountHandler,
        ReactivateAccountHandler,
        ChangeAccountAccessHandler,
        RevokeApiKeyHandler,
        AccountAccessStatus,
        IssueTokenHandler,
        // Wrong sign-ins at one account make the next wait (no lockout); per address, the gateway limits.
        {
          provide: SIGN_IN_BACKOFF_POLICY,
          useValue: {
            failuresBeforeDelay: config.SIGN_IN_FAILURES_BEFORE_DELAY,
            firstDelayMs: config.SIGN_IN_FIRST_DELAY_MS,
            maxDelayMs: config.SIGN_IN_MAX_DELAY_SECONDS * 1000,
            forgetAfterMs: config.SIGN_IN_FAILURES_FORGOTTEN_AFTER_MINUTES * 60_000,
            // Far beyond the longest sign-in (a queued password hash): only an instance that crashed leaves one unanswered.
            abandonInFlightAfterMs: 60_000,
          },
        },
        // Kept in the database, so every instance makes an account wait alike.
        { provide: SIGN_IN_ATTEMPTS_REPOSITORY, useClass: TypeOrmSignInAttemptsRepository },
        SignInBackoff,
        SignInBackoffInterceptor,
        SsoTokenVerifier,
        ExchangeSsoTokenHandler,
      ],
    };
  }
}
