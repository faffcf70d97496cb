// Access tokens for specs, made the way identity makes them (ES256, a `kid` header, an `aud` per service)
// with a test key in place of identity's: unit specs give the module under test this key set
// (`AuthModule.forRoot({ keys: { keySet: testKeySet() } })`), integration specs that run another service make
// it trust the set without HTTP (`.overrideProvider(TOKEN_KEYS).useValue(testTokenKeys())`), and those that
// run identity give it the key's file (integrationConfig does) and check its tokens against its own JWKS.
// A key made by anotherKey() is one no service trusts: what an attacker would sign with.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ACCESS_TOKEN_ALGORITHM, TOKEN_AUDIENCES } from '#auth';

/** The `iss` services expect unless JWT_ISSUER says otherwise. */
export const TEST_ISSUER = 'sud-referral';

/** A P-256 key pair as a spec signs with it: the private key, and its public JWK with the id tokens name. */
export interface TestKey {
  readonly privateKey: KeyObject;
  readonly kid: string;
  readonly publicJwk: JWK;
}

/** A fresh P-256 key, its id the JWK thumbprint (RFC 7638) as identity's are. */
export function anotherKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { crv, x, y } = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv, kty: 'EC', x, y }))
    .digest('base64url');
  return { privateKey, kid, publicJwk: { kty: 'EC', crv, x, y, kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' } };
}

/** The key standing in for identity's in this spec file. */
export const IDENTITY_TEST_KEY = anotherKey();

/** The public key set of `keys` (identity's test key by default), as identity publishes its own. */
export function testKeySet(...keys: TestKey[]): JSONWebKeySet {
  return { keys: (keys.length > 0 ? keys : [IDENTITY_TEST_KEY]).map((key) => ({ ...key.publicJwk })) };
}

/** A key resolver trusting identity's test key only: the value for TOKEN_KEYS (#auth) in a module under test. */
export function testTokenKeys(): JWTVerifyGetKey {
  return createLocalJWKSet(testKeySet());
}

export interface TestTokenOptions {
  /** The services the token is meant for; all of them by default. */
  readonly audience?: readonly string[];
  readonly issuer?: string;
  /** When it was issued; now by default. */
  readonly issuedAt?: Date;
  /** How long after issuedAt it expires; 15 minutes by default. */
  readonly expiresInSeconds?: number;
  /** The key it is signed with; identity's test key by default. */
  readonly key?: TestKey;
  /** The key id in its header; the signing key's by default, none when null. */
  readonly kid?: string | null;
}

/** An access token of these claims (sub, role, facilityIds, ver …), signed as identity signs them unless told otherwise. */
export function signTestToken(claims: JWTPayload, options: TestTokenOptions = {}): Promise<string> {
  const key = options.key ?? IDENTITY_TEST_KEY;
  const kid = options.kid === undefined ? key.kid : options.kid;
  const issuedAt = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'JWT', ...(kid === null ? {} : { kid }) })
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience([...(options.audience ?? TOKEN_AUDIENCES)])
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.expiresInSeconds ?? 15 * 60))
    .sign(key.privateKey);
}

/**
 * A token signed with HS256 and `secret` (a shared secret of old, or identity's public key itself): the
 * algorithm-confusion attack on a verifier that lets the token choose its algorithm. It names identity's
 * (test) key unless `kid` names another.
 */
export function signHs256Token(
  claims: JWTPayload,
  secret: string | Uint8Array,
  { kid = IDENTITY_TEST_KEY.kid, issuer = TEST_ISSUER }: { kid?: string; issuer?: string } = {},
): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .setIssuer(issuer)
    .setAudience([...TOKEN_AUDIENCES])
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 600)
    .sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
}

/**
 * The claims of a token once verified as the service named by `audience` verifies it (ES256, issuer,
 * audience) against `keySet`: for a spec running identity, the key set identity itself publishes.
 */
export async function verifiedClaims(token: string, keySet: JSONWebKeySet, audience: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createLocalJWKSet(keySet), {
    algorithms: [ACCESS_TOKEN_ALGORITHM],
    issuer: TEST_ISSUER,
    audience,
  });
  return payload;
}

let keyFile: string | undefined;

/**
 * The PKCS#8 PEM file of identity's test key, for IdentityConfig's TOKEN_SIGNING_KEY_FILE: written once per
 * spec file, readable by this user only, under test/artifacts (which `npm test` clears on every run).
 */
export function testSigningKeyFile(): string {
  if (keyFile) return keyFile;
  const parent = resolve(process.cwd(), 'test/artifacts/token-keys');
  mkdirSync(parent, { recursive: true });
  // mkdtemp makes the directory this user's alone (0700).
  const file = join(mkdtempSync(join(parent, 'key-')), 'token-signing-key.pem');
  writeFileSync(file, IDENTITY_TEST_KEY.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  keyFile = file;
  return file;
}
