import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../../accounts/database/account.repository.port.js';
import { IdentityConfig } from '../../identity.config.js';
import { AccessTokenIssuer, type AccessToken } from '../access-token.issuer.js';
import { ssoSignIn } from '../domain/sso-sign-in.js';
import type { ExchangeSsoTokenCommand } from './exchange-sso-token.command.js';
import { InvalidIdTokenError, SsoTokenVerifier } from './sso-token.verifier.js';

const UNIQUE_VIOLATION = '23505';

/**
 * Single sign-on: the provider proves who the person is; the account — role, facilities,
 * organisation — is still the one an admin created here, found by the verified email and bound,
 * on its first single sign-on, to that person (issuer and subject) for good.
 */
@Injectable()
export class ExchangeSsoTokenHandler {
  private readonly logger = new Logger(ExchangeSsoTokenHandler.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    private readonly verifier: SsoTokenVerifier,
    private readonly tokens: AccessTokenIssuer,
    private readonly config: IdentityConfig,
  ) {}

  async execute(command: ExchangeSsoTokenCommand): Promise<AccessToken> {
    const identity = await this.verifier.verify(command.idToken);
    const account = await this.accounts.findActiveByEmail(identity.email);
    const decision = ssoSignIn(account, identity, this.config.OIDC_ALLOW_ADMINS);
    // Logged by account, issuer and subject, never with the token: it is a credential until it expires.
    const refuse = (reason: string): InvalidIdTokenError => {
      this.logger.warn(
        `single sign-on refused for account ${account?.id} (${account?.role}): subject ${JSON.stringify(identity.subject)} ` +
          `of ${identity.issuer}: ${reason}`,
      );
      return new InvalidIdTokenError(reason);
    };
    if (decision.outcome === 'refuse') throw decision.logged ? refuse(decision.reason) : new InvalidIdTokenError(decision.reason);
    // The rule refuses an email without an account, so there is one here.
    const signedIn = account!;
    if (decision.outcome === 'bind') {
      const bound = await this.unitOfWork
        .run((tx) => this.accounts.bindSsoIdentity(tx, signedIn.id, identity))
        .catch((error: unknown) => {
          if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
          throw refuse('this person at the identity provider is bound to another account here; ask an admin');
        });
      // Another first sign-in bound the account a moment ago, to someone else.
      if (!bound) throw refuse('this account is bound to another person at the identity provider; ask an admin');
      this.logger.log(
        `account ${signedIn.id} bound to subject ${JSON.stringify(identity.subject)} of ${identity.issuer} by single sign-on`,
      );
    }
    return this.tokens.issueFor(signedIn);
  }
}
