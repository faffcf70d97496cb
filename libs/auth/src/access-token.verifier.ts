import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessChecker, type AccessCredential } from './access-status.js';
import { ROLES, type Principal, type Role } from './principal.js';

/** Why a token was refused; `unconfirmed`: it has expired since, so identity can no longer be asked about it. */
export type TokenRefusal = 'invalid' | 'expired' | 'revoked' | 'unconfirmed';

export type TokenVerification =
  | { readonly ok: true; readonly principal: Principal; readonly credential: AccessCredential }
  | { readonly ok: false; readonly refusal: TokenRefusal };

export interface VerifyOptions {
  /** When the token had to be valid (e.g. when a message was written); now by default. */
  readonly validAt?: Date;
  /** How far the clocks of the token's issuer and of whoever chose `validAt` may differ. */
  readonly clockToleranceMs?: number;
}

interface TokenClaims extends Partial<Principal> {
  readonly ver?: unknown;
  readonly exp?: unknown;
}

/**
 * Verifies an access token that came without an HTTP request (a Kafka header), exactly as the guard does:
 * signature and issuer with the module's JwtService, then the account's access with the AccessChecker (so
 * a deactivated account's or a revoked API key's tokens are refused). Never logs or returns the token's text
 * in a refusal. Throws DomainError('unavailable') when identity cannot say whether the account has access.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly access: AccessChecker,
  ) {}

  async verify(token: string, options: VerifyOptions = {}): Promise<TokenVerification> {
    const validAtMs = (options.validAt ?? new Date()).getTime();
    const toleranceMs = options.clockToleranceMs ?? 0;
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token, {
        clockTimestamp: Math.floor(validAtMs / 1000),
        clockTolerance: Math.floor(toleranceMs / 1000),
      });
    } catch (error) {
      return { ok: false, refusal: (error as Error).name === 'TokenExpiredError' ? 'expired' : 'invalid' };
    }
    if (!claims.sub || !ROLES.includes(claims.role as Role)) return { ok: false, refusal: 'invalid' };
    const principal: Principal = {
      sub: claims.sub,
      role: claims.role as Role,
      facilityIds: Array.isArray(claims.facilityIds) ? claims.facilityIds : [],
      organization: claims.organization ?? null,
    };
    const credential: AccessCredential = {
      accountId: claims.sub,
      token,
      version: Number.isInteger(claims.ver) ? (claims.ver as number) : 0,
      expiresAtMs: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
    // Expiry was judged at validAt above; the account's access is judged now, by identity, with the token itself.
    if ((await this.access.verdict(credential, validAtMs - toleranceMs)) === 'allowed') return { ok: true, principal, credential };
    // Identity refuses a token that has expired since (as it would a revoked one): access is then unknown, not revoked.
    const expiredSince = credential.expiresAtMs !== null && credential.expiresAtMs <= Date.now();
    return { ok: false, refusal: expiredSince ? 'unconfirmed' : 'revoked' };
  }
}
