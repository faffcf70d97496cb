import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Principal } from '#auth';
import type { AccountEntity } from '../accounts/database/account.entity.js';
import { IdentityConfig } from '../identity.config.js';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Signs the access token of an account whose identity has been proven, however (password, API key, single sign-on). */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: IdentityConfig,
  ) {}

  /**
   * A short-lived token carrying the account's role, facilities and organisation, and its token version
   * (`ver`): every service refuses the token once the account's version moves past it (see #auth).
   */
  async issueFor(account: AccountEntity): Promise<AccessToken> {
    const claims: Principal = {
      sub: account.id,
      role: account.role,
      facilityIds: account.facilityIds,
      organization: account.organization,
    };
    const accessToken = await this.jwt.signAsync(
      { ...claims, ver: account.tokenVersion },
      { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }
}
