import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '#http';
import type { AccessCredential } from './access-status.js';
import { ACCESS_TOKEN_ALGORITHM } from './access-token.keys.js';
import { ROLES, type Principal, type Role } from './principal.js';
import type { TokenAudience } from './token-audience.js';

/**
 * The longest an access token may live, from `iat` to `exp`: identity's ACCESS_TOKEN_TTL_SECONDS is at most
 * this, so a longer-lived token is refused outright and no token is accepted 15 minutes after it was issued.
 */
export const MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 15 * 60;

/** What a service requires of every access token beyond identity's signature. */
export interface AccessTokenChecks {
  /** The `iss` identity signs with (JWT_ISSUER). */
  readonly issuer: string;
  /** This service: the token's `aud` must name it. */
  readonly audience: TokenAudience;
}

export interface ReadTokenOptions {
  /** When the token had to be valid (e.g. when a Kafka message was written); now by default. */
  readonly validAt?: Date;
  /** How far the clocks of identity and of whoever chose `validAt` may differ. */
  readonly clockToleranceMs?: number;
}

/** A token that checked out, as the guard and AccessTokenVerifier use it; or why not, said for the caller (never with the token). */
export type TokenReading =
  | { readonly ok: true; readonly principal: Principal; readonly credential: AccessCredential }
  | { readonly ok: false; readonly refusal: 'invalid' | 'expired'; readonly message: string };

interface TokenClaims extends JWTPayload, Partial<Omit<Principal, 'sub'>> {
  readonly ver?: unknown;
}

/** The key set could not be had (identity unreachable, or it answered no key set): nothing is known about the token. */
class KeySetUnavailableError extends Error {}

/** The key resolver's failures that are a verdict on the token, not on whether the key set could be had. */
const TOKEN_KEY_REFUSALS = new Set<string>([
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JOSENotSupported.code,
]);

/**
 * The key resolver, requiring a key id (identity names its key in every token), and telling a key set that
 * cannot be had apart from a token no key fits: the first is a 503, never a 401 nor a pass.
 */
function requiringKeyId(keys: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    if (typeof header.kid !== 'string' || header.kid.length === 0) throw new errors.JWKSNoMatchingKey('the token names no key ("kid")');
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof errors.JOSEError && TOKEN_KEY_REFUSALS.has(error.code)) throw error;
      throw new KeySetUnavailableError('the identity service’s key set could not be had', { cause: error });
    }
  };
}

const invalid = (why: string): TokenReading => ({
  ok: false,
  refusal: 'invalid',
  message: `The access token is not valid (${why}); sign in again`,
});

const NAMES_NO_ACCOUNT: TokenReading = { ok: false, refusal: 'invalid', message: 'The access token names no account; sign in again' };

/** What the caller is told about a token jose refused: the reason in words, never the token's text. */
function refusalOf(error: unknown, audience: TokenAudience): TokenReading {
  if (error instanceof errors.JWTExpired) return { ok: false, refusal: 'expired', message: 'The access token has expired; sign in again' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      return {
        ok: false,
        refusal: 'invalid',
        message: `The access token is not meant for the ${audience} service (its "aud" claim does not name it); it gives no access here`,
      };
    }
    if (error.claim === 'sub') return NAMES_NO_ACCOUNT;
    return invalid(error.claim === 'iss' ? 'it comes from another issuer' : `its "${error.claim}" claim is missing or wrong`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return invalid(`it is not signed with ${ACCESS_TOKEN_ALGORITHM}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return invalid('it is not signed with a key of the identity service');
  }
  return invalid('it is malformed');
}

/**
 * Reads an access token as every service must: signed by identity (ES256 with a key of its published set,
 * named by `kid`), from JWT_ISSUER, meant for this service (`aud`), not expired, living at most 15 minutes,
 * and naming an account and a role. Whether the account still has access is the AccessChecker's question.
 */
export class AccessTokenReader {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    keys: JWTVerifyGetKey,
    private readonly checks: AccessTokenChecks,
  ) {
    this.keys = requiringKeyId(keys);
  }

  /** Throws DomainError('unavailable') (503) when identity's key set cannot be had. */
  async read(token: string, options: ReadTokenOptions = {}): Promise<TokenReading> {
    let claims: TokenClaims;
    try {
      ({ payload: claims } = await jwtVerify<TokenClaims>(token, this.keys, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: this.checks.issuer,
        audience: this.checks.audience,
        requiredClaims: ['sub', 'iat', 'exp'],
        currentDate: options.validAt,
        clockTolerance: Math.floor((options.clockToleranceMs ?? 0) / 1000),
      }));
    } catch (error) {
      if (error instanceof KeySetUnavailableError) {
        throw new DomainError(
          'unavailable',
          'Cannot get the identity service’s signing keys to check the access token; try again shortly',
          {
            retryAfterSeconds: 5,
            cause: error.cause,
          },
        );
      }
      return refusalOf(error, this.checks.audience);
    }
    // Its lifetime rather than its age at validAt: a Kafka report dated before its token was issued still counts.
    if (claims.exp! - claims.iat! > MAX_ACCESS_TOKEN_LIFETIME_SECONDS) {
      return invalid(`it was made to last more than ${MAX_ACCESS_TOKEN_LIFETIME_SECONDS / 60} minutes, which identity never does`);
    }
    if (!claims.sub || !ROLES.includes(claims.role as Role)) return NAMES_NO_ACCOUNT;
    const principal: Principal = {
      sub: claims.sub,
      role: claims.role as Role,
      facilityIds: Array.isArray(claims.facilityIds) ? claims.facilityIds : [],
      organization: claims.organization ?? null,
    };
    const credential: AccessCredential = {
      accountId: claims.sub,
      token,
      // Tokens from before token versions carry none: version 0, which any change of the account outdates.
      version: Number.isInteger(claims.ver) ? (claims.ver as number) : 0,
      expiresAtMs: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
    return { ok: true, principal, credential };
  }
}
