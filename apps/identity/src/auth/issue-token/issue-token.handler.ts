import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#http';
import type { AccountEntity } from '../../accounts/database/account.entity.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../../accounts/database/account.repository.port.js';
import { apiKeyState } from '../../accounts/domain/account-access.js';
import { PasswordHasher } from '../../accounts/password.hasher.js';
import { AccessTokenIssuer, type AccessToken } from '../access-token.issuer.js';
import type { IssueTokenCommand } from './issue-token.command.js';

// Verified when the email is unknown, so a wrong email and a wrong password take the same time.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$2XcPp3vC7xHXD0CUR7uzvkHcU4lE1BdHNd1OXYbk5qA';

@Injectable()
export class IssueTokenHandler {
  constructor(
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokenIssuer,
  ) {}

  /** Exchanges a password or an API key for a short-lived access token carrying role and facilities. */
  async execute(command: IssueTokenCommand): Promise<AccessToken> {
    const { credentials } = command;
    const account =
      credentials.kind === 'api-key'
        ? await this.byApiKey(credentials.apiKey)
        : await this.byPassword(credentials.email, credentials.password);
    if (!account) throw new DomainError('unauthenticated', 'Wrong email and password, or unknown API key');
    return this.tokens.issueFor(account);
  }

  private async byPassword(email: string, password: string): Promise<AccountEntity | null> {
    const account = await this.accounts.findActiveByEmail(email.toLowerCase());
    const valid = await this.hasher.verify(account?.passwordHash ?? DUMMY_HASH, password);
    return account && account.passwordHash && valid ? account : null;
  }

  private async byApiKey(key: string): Promise<AccountEntity | null> {
    const parsed = PasswordHasher.parseApiKey(key);
    if (!parsed) return null;
    const stored = await this.accounts.findApiKeyByPrefix(parsed.prefix);
    if (!stored || !(await this.hasher.verify(stored.secretHash, parsed.secret))) return null;
    // Said only once the secret checked out, so it tells a key guesser nothing.
    const state = apiKeyState(stored, new Date());
    if (state !== 'active') {
      throw new DomainError(
        'unauthenticated',
        `This API key ${state === 'revoked' ? 'was revoked' : 'has expired'}; ask an admin for a new one`,
      );
    }
    return this.accounts.findActiveById(stored.accountId);
  }
}
