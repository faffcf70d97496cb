import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** The one algorithm access tokens are signed with (ECDSA, P-256, SHA-256): HS256, `none` and the rest are refused. */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

/** Where identity publishes the public keys it signs access tokens with: no token needed to read it. */
export const KEY_SET_PATH = '/api/auth/jwks';

/** The keys a service verifies access tokens with (a jose key resolver); specs may override it with a key set of their own. */
export const TOKEN_KEYS = Symbol('TOKEN_KEYS');

/** Where a service finds the public keys that access tokens must be signed with. */
export type TokenKeysOptions =
  /**
   * Every service but identity: identity's published key set, fetched when first needed, kept for 10 minutes
   * and fetched again (at most every 30 s) for a key id it does not know yet, e.g. after identity's key was rotated.
   */
  | { readonly keySetUrl: string }
  /** Identity itself, which knows its own keys, and specs: a fixed key set (public keys only). */
  | { readonly keySet: JSONWebKeySet };

/** Identity's published key set, from its base URL (IDENTITY_URL). */
export function identityKeySetUrl(identityUrl: string): string {
  return `${identityUrl.replace(/\/+$/, '')}${KEY_SET_PATH}`;
}

/** The key resolver the options describe. */
export function tokenKeysOf(options: TokenKeysOptions): JWTVerifyGetKey {
  if ('keySet' in options) return createLocalJWKSet(options.keySet);
  return createRemoteJWKSet(new URL(options.keySetUrl), { timeoutDuration: 2_000 });
}
