import { JwtService } from '@nestjs/jwt';
import { AccessChecker, type AccessStatus } from './access-status.js';
import { AccessTokenVerifier } from './access-token.verifier.js';

const SECRET = 'test-secret-for-the-access-token-verifier-spec-0123456789';
const ISSUER = 'sud-referral-test';
const ACCOUNT = '22222222-2222-4222-8222-222222222222';
const FACILITY = '11111111-1111-4111-8111-111111111111';
const MINUTE = 60_000;

const jwt = new JwtService({
  secret: SECRET,
  signOptions: { issuer: ISSUER, algorithm: 'HS256' },
  verifyOptions: { issuer: ISSUER, algorithms: ['HS256'] },
});
const system = { sub: ACCOUNT, role: 'system', facilityIds: [FACILITY], organization: null, ver: 2 };

function verifier(status: AccessStatus = { active: true, tokenVersion: 2 }): AccessTokenVerifier {
  return new AccessTokenVerifier(jwt, new AccessChecker({ statusOf: () => Promise.resolve(status) }));
}

/** A token issued at `issuedAtMs`, living 15 minutes. */
function tokenIssuedAt(issuedAtMs: number, claims: object = system, options: { secret?: string; issuer?: string } = {}) {
  const iat = Math.floor(issuedAtMs / 1000);
  return jwt.signAsync({ ...claims, iat, exp: iat + 15 * 60 }, options);
}

describe('AccessTokenVerifier', () => {
  it('accepts a current token and gives its principal and credential', async () => {
    const token = await tokenIssuedAt(Date.now());
    const result = await verifier().verify(token);
    expect(result).toMatchObject({ ok: true, principal: { sub: ACCOUNT, role: 'system', facilityIds: [FACILITY] } });
    expect(result.ok && result.credential).toMatchObject({ accountId: ACCOUNT, version: 2 });
  });

  it('refuses a token signed with another secret or by another issuer, and one naming no account', async () => {
    expect(await verifier().verify(await tokenIssuedAt(Date.now(), system, { secret: `${SECRET}-other` }))).toEqual({
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
