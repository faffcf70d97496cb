import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Principal } from '#auth';
import { DomainError } from '#http';
import { AccountEntity } from '../../accounts/account.entity.js';
import { ApiKeyEntity } from '../../accounts/api-key.entity.js';
import { PasswordHasher } from '../../accounts/password.hasher.js';
import { IdentityConfig } from '../../identity.config.js';
import type { IssueTokenRequestDto } from './issue-token.request.dto.js';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

// Verified when the email is unknown, so a wrong email and a wrong password take the same time.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$2XcPp3vC7xHXD0CUR7uzvkHcU4lE1BdHNd1OXYbk5qA';

@Injectable()
export class IssueTokenHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: IdentityConfig,
  ) {}

  /** Exchanges a password or an API key for a short-lived access token carrying role and facilities. */
  async execute(request: IssueTokenRequestDto): Promise<AccessToken> {
    const account = request.apiKey ? await this.byApiKey(request.apiKey) : await this.byPassword(request.email!, request.password!);
    if (!account) throw new DomainError('unauthenticated', 'Wrong email and password, or unknown API key');
    return this.issueFor(account);
  }

  /** The access token of an account whose identity has been proven, however. */
  async issueFor(account: AccountEntity): Promise<AccessToken> {
    const claims: Principal = {
      sub: account.id,
      role: account.role,
      facilityIds: account.facilityIds,
      organization: account.organization,
    };
    const accessToken = await this.jwt.signAsync({ ...claims }, { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }

  private async byPassword(email: string, password: string): Promise<AccountEntity | null> {
    const account = await this.dataSource.getRepository(AccountEntity).findOne({ where: { email: email.toLowerCase(), active: true } });
    const valid = await this.hasher.verify(account?.passwordHash ?? DUMMY_HASH, password);
    return account && account.passwordHash && valid ? account : null;
  }

  private async byApiKey(key: string): Promise<AccountEntity | null> {
    const parsed = PasswordHasher.parseApiKey(key);
    if (!parsed) return null;
    const stored = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { prefix: parsed.prefix, revokedAt: IsNull() } });
    if (!stored || !(await this.hasher.verify(stored.secretHash, parsed.secret))) return null;
    return this.dataSource.getRepository(AccountEntity).findOne({ where: { id: stored.accountId, active: true } });
  }
}
