import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../../accounts/account.entity.js';
import { IssueTokenHandler, type AccessToken } from '../issue-token/issue-token.handler.js';
import { InvalidIdTokenError, SsoTokenVerifier } from './sso-token.verifier.js';

/**
 * Single sign-on: the provider proves who the person is; the account — role, facilities,
 * organisation — is still the one an admin created here, found by the verified email.
 */
@Injectable()
export class ExchangeSsoTokenHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly verifier: SsoTokenVerifier,
    private readonly tokens: IssueTokenHandler,
  ) {}

  async execute(idToken: string): Promise<AccessToken> {
    const email = await this.verifier.verifiedEmail(idToken);
    const account = await this.dataSource.getRepository(AccountEntity).findOne({ where: { email, active: true } });
    // System accounts use API keys; single sign-on is for people.
    if (!account || account.role === 'system') throw new InvalidIdTokenError(`no active account for ${email}; ask an admin to create one`);
    return this.tokens.issueFor(account);
  }
}
