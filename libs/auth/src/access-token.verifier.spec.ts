import { anotherKey, signTestToken, TEST_ISSUER, testTokenKeys } from '../../../test/support/access-tokens.js';
import { AccessChecker, type AccessStatus } from './access-status.js';
import { AccessTokenReader } from './access-token.reader.js';
import { AccessTokenVerifier } from './access-token.verifier.js';

const ACCOUNT = '22222222-2222-4222-8222-222222222222';
const FACILITY = '11111111-1111-4111-8111-111111111111';
const MINUTE = 60_000;

const system = { sub: ACCOUNT, role: 'system', facilityIds: [FACILITY], organization: null, ver: 2 };

/** The verifier as the registry has it: identity's (test) keys, its issuer, the registry as audience. */
function verifier(status: AccessStatus = { active: true, tokenVersion: 2 }): AccessTokenVerifier {
  const reader = new AccessTokenReader(testTokenKeys(), { issuer: TEST_ISSUER, audience: 'facility-registry' });
  return new AccessTokenVerifier(reader, new AccessChecker({ statusOf: () => Promise.resolve(status) }));
}

/** A token issued at `issuedAtMs` for the registry, living 15 minutes, as identity issues a system account's. */
function tokenIssuedAt(issuedAtMs: number, claims: object = system, options: Parameters<typeof signTestToken>[1] = {}) {
  return signTestToken({ ...claims }, { audience: ['identity', 'facility-registry'], issuedAt: new Date(issuedAtMs), ...options });
}

describe('AccessTokenVerifier', () => {
  it('accepts a current token and gives its principal and credential', async () => {
    const token = await tokenIssuedAt(Date.now());
    const result = await verifier().verify(token);
    expect(result).toMatchObject({ ok: true, principal: { sub: ACCOUNT, role: 'system', facilityIds: [FACILITY] } });
    expect(result.ok && result.credential).toMatchObject({ accountId: ACCOUNT, version: 2 });
  });

  it('refuses a token signed with another key, by another issuer or for another service, and one naming no account', async () => {
    expect(await verifier().verify(await tokenIssuedAt(Date.now(), system, { key: anotherKey() }))).toEqual({
      ok: false,
      refusal: 'invalid',
    });
    expect(await verifier().verify(await tokenIssuedAt(Date.now(), system, { audience: ['identity', 'referral-service'] }))).toEqual({
      ok: false,
      refusal: 'invalid',
    });
    expect(await verifier().verify(await tokenIssuedAt(Date.now(), system, { issuer: 'someone-else' }))).toMatchObject({ ok: false });
    expect(await verifier().verify(await tokenIssuedAt(Date.now(), { role: 'system' }))).toEqual({ ok: false, refusal: 'invalid' });
    expect(await verifier().verify('not-a-token')).toEqual({ ok: false, refusal: 'invalid' });
  });

  it('judges expiry at the time asked for, within the tolerance', async () => {
    const issued = Date.now() - 10 * MINUTE;
    const token = await tokenIssuedAt(issued);
    expect(await verifier().verify(token, { validAt: new Date(issued + 20 * MINUTE) })).toEqual({ ok: false, refusal: 'expired' });
    expect((await verifier().verify(token, { validAt: new Date(issued + 15.5 * MINUTE), clockToleranceMs: MINUTE })).ok).toBe(true);
  });

  it('refuses a token whose account was deactivated or whose access changed since it was issued', async () => {
    const token = await tokenIssuedAt(Date.now());
    expect(await verifier({ active: false, tokenVersion: 2 }).verify(token)).toEqual({ ok: false, refusal: 'revoked' });
    expect(await verifier({ active: true, tokenVersion: 3 }).verify(token)).toEqual({ ok: false, refusal: 'revoked' });
  });

  it('calls access unconfirmed, not revoked, when identity refuses a token that was valid then but has expired since', async () => {
    const issued = Date.now() - 30 * MINUTE;
    const token = await tokenIssuedAt(issued);
    const refusedAsExpired = { active: false, tokenVersion: Number.MAX_SAFE_INTEGER };
    expect(await verifier(refusedAsExpired).verify(token, { validAt: new Date(issued + MINUTE) })).toEqual({
      ok: false,
      refusal: 'unconfirmed',
    });
    expect((await verifier().verify(token, { validAt: new Date(issued + MINUTE) })).ok).toBe(true);
  });
});
