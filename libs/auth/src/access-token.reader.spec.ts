import { createPublicKey } from 'node:crypto';
import { errors, SignJWT, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '#http';
import {
  anotherKey,
  IDENTITY_TEST_KEY,
  signHs256Token,
  signTestToken,
  TEST_ISSUER,
  testKeySet,
  testTokenKeys,
  type TestTokenOptions,
} from '../../../test/support/access-tokens.js';
import { tokenKeysOf } from './access-token.keys.js';
import { AccessTokenReader, type TokenReading } from './access-token.reader.js';

const ACCOUNT = '22222222-2222-4222-8222-222222222222';
const FACILITY = '11111111-1111-4111-8111-111111111111';
const MINUTE = 60_000;
const staff = { sub: ACCOUNT, role: 'facility-staff', facilityIds: [FACILITY], organization: null, ver: 3 };

/** The reader as the referral service has it: identity's (test) keys, its issuer, itself as audience. */
const reader = (keys: JWTVerifyGetKey = testTokenKeys()) =>
  new AccessTokenReader(keys, { issuer: TEST_ISSUER, audience: 'referral-service' });

const sign = (options: TestTokenOptions = {}, claims: object = staff) => signTestToken({ ...claims }, options);

/** The refusal's message, or a failure if the token was accepted. */
function refusalOf(reading: TokenReading): string {
  if (reading.ok) throw new Error('the token was accepted');
  return reading.message;
}

describe('AccessTokenReader', () => {
  it('accepts a token identity signed for this service, with its principal and credential', async () => {
    const token = await sign({ audience: ['identity', 'facility-registry', 'referral-service'] });
    expect(await reader().read(token)).toEqual({
      ok: true,
      principal: { sub: ACCOUNT, role: 'facility-staff', facilityIds: [FACILITY], organization: null },
      credential: { accountId: ACCOUNT, token, version: 3, expiresAtMs: expect.any(Number) },
    });
  });

  describe('refuses a token signed by anyone but identity', () => {
    it('with a key of its own, under its own key id or under identity’s', async () => {
      const attacker = anotherKey();
      for (const kid of [attacker.kid, IDENTITY_TEST_KEY.kid]) {
        const reading = await reader().read(await sign({ key: attacker, kid }));
        expect(reading).toMatchObject({ ok: false, refusal: 'invalid' });
        expect(refusalOf(reading)).toMatch(/not signed with a key of the identity service/);
      }
    });

    it('without naming its key (no kid), even when identity’s key did sign it', async () => {
      expect(refusalOf(await reader().read(await sign({ kid: null })))).toMatch(/not signed with a key of the identity service/);
    });

    it.each([
      ['a shared secret of the old kind', () => 'a-shared-secret-the-services-used-to-hold-0123456789'],
      ['identity’s public JWK', () => JSON.stringify(testKeySet().keys[0])],
      [
        'identity’s public key as PEM',
        () => createPublicKey(IDENTITY_TEST_KEY.privateKey).export({ type: 'spki', format: 'pem' }) as string,
      ],
      ['the x coordinate of identity’s key', () => Buffer.from(testKeySet().keys[0]!.x!, 'base64url')],
    ])('with HS256 and %s as the secret (algorithm confusion)', async (_secret, secret) => {
      const reading = await reader().read(await signHs256Token({ ...staff, role: 'admin' }, secret()));
      expect(reading).toMatchObject({ ok: false, refusal: 'invalid' });
      expect(refusalOf(reading)).toMatch(/not signed with ES256/);
    });

    it('unsigned (alg "none"), or with its claims changed after signing', async () => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const claims = { ...staff, role: 'admin', iss: TEST_ISSUER, aud: ['referral-service'], iat: now, exp: now + 600 };
      const unsigned = `${encode({ alg: 'none', kid: IDENTITY_TEST_KEY.kid })}.${encode(claims)}.`;
      const [header, , signature] = (await sign()).split('.');
      for (const token of [unsigned, `${header}.${encode(claims)}.${signature}`]) {
        expect(await reader().read(token)).toMatchObject({ ok: false, refusal: 'invalid' });
      }
    });
  });

  it('refuses a token not meant for this service, or meant for none, naming the service', async () => {
    for (const audience of [['identity', 'facility-registry'], [], ['referral-service-but-not-quite']]) {
      const reading = await reader().read(await sign({ audience }));
      expect(reading).toMatchObject({ ok: false, refusal: 'invalid' });
      expect(refusalOf(reading)).toMatch(/not meant for the referral-service service/);
    }
  });

  it('refuses an expired token, and one made to last more than 15 minutes once those are past', async () => {
    const expired = await sign({ issuedAt: new Date(Date.now() - 15 * MINUTE - 1_000) });
    expect(await reader().read(expired)).toEqual({ ok: false, refusal: 'expired', message: 'The access token has expired; sign in again' });
    const longLived = await sign({ issuedAt: new Date(Date.now() - 16 * MINUTE), expiresInSeconds: 3_600 });
    expect(refusalOf(await reader().read(longLived))).toMatch(/made to last more than 15 minutes/);
    // Even while it is young: identity never issues such a token.
    expect(refusalOf(await reader().read(await sign({ expiresInSeconds: 15 * 60 + 1 })))).toMatch(/more than 15 minutes/);
    expect((await reader().read(await sign({ expiresInSeconds: 15 * 60 }))).ok).toBe(true);
  });

  it('refuses a token from another issuer, or lacking its issuer, issue time or expiry', async () => {
    expect(refusalOf(await reader().read(await sign({ issuer: 'someone-else' })))).toMatch(/another issuer/);
    const signed = (build: (jwt: SignJWT) => SignJWT) =>
      build(
        new SignJWT({ ...staff }).setProtectedHeader({ alg: 'ES256', kid: IDENTITY_TEST_KEY.kid }).setAudience('referral-service'),
      ).sign(IDENTITY_TEST_KEY.privateKey);
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      await signed((jwt) => jwt.setIssuedAt(now).setExpirationTime(now + 600)),
      await signed((jwt) => jwt.setIssuer(TEST_ISSUER).setExpirationTime(now + 600)),
      await signed((jwt) => jwt.setIssuer(TEST_ISSUER).setIssuedAt(now)),
    ]) {
      expect(await reader().read(token)).toMatchObject({ ok: false, refusal: 'invalid' });
    }
  });

  it('refuses a properly signed token naming no account or no known role', async () => {
    for (const claims of [{ role: 'planner' }, { sub: ACCOUNT, role: 'superuser' }, { sub: ACCOUNT }]) {
      expect(await reader().read(await sign({}, claims))).toEqual({
        ok: false,
        refusal: 'invalid',
        message: 'The access token names no account; sign in again',
      });
    }
  });

  it('accepts tokens of either key while identity rotates them (both published)', async () => {
    const previous = anotherKey();
    const rotating = reader(tokenKeysOf({ keySet: testKeySet(IDENTITY_TEST_KEY, previous) }));
    expect((await rotating.read(await sign({ key: previous }))).ok).toBe(true);
    expect((await rotating.read(await sign())).ok).toBe(true);
  });

  it('judges expiry at the time asked for, within the clock tolerance', async () => {
    const issued = Date.now() - 40 * MINUTE;
    const token = await sign({ issuedAt: new Date(issued) });
    expect((await reader().read(token, { validAt: new Date(issued + 5 * MINUTE) })).ok).toBe(true);
    expect(await reader().read(token, { validAt: new Date(issued + 16 * MINUTE) })).toMatchObject({ ok: false, refusal: 'expired' });
    expect((await reader().read(token, { validAt: new Date(issued + 15.5 * MINUTE), clockToleranceMs: MINUTE })).ok).toBe(true);
  });

  it('answers 503, not 401 nor a pass, while identity’s key set cannot be had', async () => {
    for (const failure of [new TypeError('fetch failed'), new errors.JWKSTimeout(), new errors.JOSEError('Expected 200 OK')]) {
      const unreachable = reader(() => Promise.reject(failure));
      const error = await unreachable.read(await sign()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('unavailable');
    }
  });

  it('never repeats the token in a refusal', async () => {
    const token = await sign({ key: anotherKey() });
    const message = refusalOf(await reader().read(token));
    for (const part of token.split('.')) expect(message).not.toContain(part);
  });
});
