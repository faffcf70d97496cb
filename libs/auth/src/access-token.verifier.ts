import { Injectable } from '@nestjs/common';
import { AccessChecker, type AccessCredential } from './access-status.js';
import { AccessTokenReader } from './access-token.reader.js';
import type { Principal } from './principal.js';

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

/**
 * Verifies an access token that came without an HTTP request (a Kafka header), exactly as the guard does:
 * signature, issuer, audience and age with the module's AccessTokenReader, then the account's access with
 * the AccessChecker (so a deactivated account's or a revoked API key's tokens are refused). Never logs or
 * returns the token's text in a refusal. Throws DomainError('unavailable') when identity (its key set, or
 * its answer on the account) cannot be had.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly tokens: AccessTokenReader,
    private readonly access: AccessChecker,
  ) {}

  async verify(token: string, options: VerifyOptions = {}): Promise<TokenVerification> {
    const validAtMs = (options.validAt ?? new Date()).getTime();
    const toleranceMs = options.clockToleranceMs ?? 0;
    const reading = await this.tokens.read(token, { validAt: new Date(validAtMs), clockToleranceMs: toleranceMs });
    if (!reading.ok) return { ok: false, refusal: reading.refusal };
    const { principal, credential } = reading;
    // Expiry was judged at validAt above; the account's access is judged now, by identity, with the token itself.
    if ((await this.access.verdict(credential, validAtMs - toleranceMs)) === 'allowed') return { ok: true, principal, credential };
    // Identity refuses a token that has expired since (as it would a revoked one): access is then unknown, not revoked.
    const expiredSince = credential.expiresAtMs !== null && credential.expiresAtMs <= Date.now();
    return { ok: false, refusal: expiredSince ? 'unconfirmed' : 'revoked' };
  }
}
