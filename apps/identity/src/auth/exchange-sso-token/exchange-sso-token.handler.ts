import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../../accounts/database/account.repository.port.js';
import { AccessTokenIssuer, type AccessToken } from '../access-token.issuer.js';
import type { ExchangeSsoTokenCommand } from './exchange-sso-token.command.js';
import { InvalidIdTokenError, SsoTokenVerifier } from './sso-token.verifier.js';

/**
 * Single sign-on: the provider proves who the person is; the account — role, facilities,
 * organisation — is still the one an admin created here, found by the verified email.
 */
@Injectable()
export class ExchangeSsoTokenHandler {
  constructor(
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    private readonly verifier: SsoTokenVerifier,
    private readonly tokens: AccessTokenIssuer,
  ) {}

  async execute(command: ExchangeSsoTokenCommand): Promise<AccessToken> {
    const email = await this.verifier.verifiedEmail(command.idToken);
    const account = await this.accounts.findActiveByEmail(email);
    // System accounts use API keys; single sign-on is for people.
    if (!account || account.role === 'system') throw new InvalidIdTokenError(`no active account for ${email}; ask an admin to create one`);
    return this.tokens.issueFor(account);
  }
}
