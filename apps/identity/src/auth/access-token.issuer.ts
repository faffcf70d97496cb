import { Injectable } from '@nestjs/common';
import type { Principal } from '#auth';
import type { AccountEntity } from '../accounts/database/account.entity.js';
import { IdentityConfig } from '../identity.config.js';
import { audienceOf } from './domain/token-audience.js';
import { TokenSigningKeys } from './token-signing-keys.js';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Signs the access token of an account whose identity has been proven, however (password, API key, single sign-on). */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly keys: TokenSigningKeys,
    private readonly config: IdentityConfig,
  ) {}

  /**
   * A short-lived token (ES256, at most 15 minutes) carrying the account's role, facilities and organisation,
   * its token version (`ver`: every service refuses the token once the account's version moves past it, see
   * #auth) and the services its role may present it to (`aud`).
   */
  async issueFor(account: AccountEntity): Promise<AccessToken> {
    const claims: Principal = {
      sub: account.id,
      role: account.role,
      facilityIds: account.facilityIds,
      organization: account.organization,
    };
    const accessToken = await this.keys.sign(
      { ...claims, ver: account.tokenVersion },
      { issuer: this.config.JWT_ISSUER, audience: audienceOf(account.role), expiresInSeconds: this.config.ACCESS_TOKEN_TTL_SECONDS },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }
}
