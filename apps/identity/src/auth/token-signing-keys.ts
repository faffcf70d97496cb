import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { ACCESS_TOKEN_ALGORITHM, type TokenAudience } from '#auth';
import { readSigningKeyFile } from '#config';

/** A public key as identity publishes it (RFC 7517): the curve point, its id, and what it is for. No private parameter. */
export interface PublishedKey {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: typeof ACCESS_TOKEN_ALGORITHM;
  readonly use: 'sig';
}

export interface PublishedKeySet {
  readonly keys: PublishedKey[];
}

/** What a signed token says beyond its claims. */
export interface SignOptions {
  readonly issuer: string;
  readonly audience: readonly TokenAudience[];
  readonly expiresInSeconds: number;
}

/**
 * The public half of a P-256 key, copied member by member (so nothing private can slip into the published set),
 * with its JWK thumbprint (RFC 7638) as key id: the same key always has the same id, on every identity instance.
 */
function publishedKeyOf(privateKey: KeyObject): PublishedKey {
  const { crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (crv !== 'P-256' || !x || !y) throw new Error('a token-signing key must be an EC P-256 key');
  // RFC 7638 §3.2: the required members, in lexicographic order, without whitespace.
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv, kty: 'EC', x, y }))
    .digest('base64url');
  return { kty: 'EC', crv, x, y, kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
}

/**
 * Identity's token-signing keys: the current one signs every access token (ES256, its id in the `kid`
 * header); the public parts of it and of the previous one (during a rotation) are published at
 * GET /api/auth/jwks, where the other services fetch them. The private key never leaves this object.
 */
export class TokenSigningKeys {
  private readonly current: PublishedKey;
  private readonly published: readonly PublishedKey[];

  constructor(
    private readonly signingKey: KeyObject,
    previous: readonly KeyObject[] = [],
  ) {
    this.current = publishedKeyOf(signingKey);
    // The previous key only lets tokens it signed before the rotation verify until they expire.
    this.published = [this.current, ...previous.map(publishedKeyOf).filter((key) => key.kid !== this.current.kid)];
  }

  /** From TOKEN_SIGNING_KEY_FILE and TOKEN_PREVIOUS_KEY_FILE (which config validation has checked). */
  static fromFiles(signingKeyFile: string, previousKeyFile?: string): TokenSigningKeys {
    return new TokenSigningKeys(readSigningKeyFile(signingKeyFile), previousKeyFile ? [readSigningKeyFile(previousKeyFile)] : []);
  }

  /** The id of the key tokens are signed with now. */
  get keyId(): string {
    return this.current.kid;
  }

  /** A token of these claims, issued now and signed with the current key. */
  sign(claims: JWTPayload, options: SignOptions): Promise<string> {
    const issuedAt = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: this.current.kid, typ: 'JWT' })
      .setIssuer(options.issuer)
      .setAudience([...options.audience])
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + options.expiresInSeconds)
      .sign(this.signingKey);
  }

  /** The keys access tokens may be signed with, as a JWK Set (RFC 7517): public parameters only. */
  publicKeySet(): PublishedKeySet {
    return { keys: this.published.map((key) => ({ ...key })) };
  }
}
