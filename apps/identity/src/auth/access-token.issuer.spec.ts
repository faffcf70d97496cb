import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AccessTokenReader, type Role, type TokenAudience } from '#auth';
import { IDENTITY_TEST_KEY, TEST_ISSUER, testTokenKeys } from '../../../../test/support/access-tokens.js';
import type { AccountEntity } from '../accounts/database/account.entity.js';
import type { IdentityConfig } from '../identity.config.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import { TokenSigningKeys } from './token-signing-keys.js';

const FACILITY = '11111111-1111-4111-8111-111111111111';

const account = (role: Role): AccountEntity =>
  ({
    id: '22222222-2222-4222-8222-222222222222',
    role,
    facilityIds: role === 'planner' || role === 'admin' ? [] : [FACILITY],
    organization: role === 'planner' ? 'Mercy General' : null,
    tokenVersion: 4,
  }) as AccountEntity;

const issuer = (ttlSeconds = 900) =>
  new AccessTokenIssuer(new TokenSigningKeys(IDENTITY_TEST_KEY.privateKey), {
    JWT_ISSUER: TEST_ISSUER,
    ACCESS_TOKEN_TTL_SECONDS: ttlSeconds,
  } as IdentityConfig);

/** The reader of the service named, as it verifies tokens with identity's published keys. */
const service = (audience: TokenAudience) => new AccessTokenReader(testTokenKeys(), { issuer: TEST_ISSUER, audience });

describe('AccessTokenIssuer', () => {
  it('signs with ES256 and names its key, for the configured lifetime of at most 15 minutes', async () => {
    const issued = await issuer(300).issueFor(account('planner'));
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
    expect(decodeProtectedHeader(issued.accessToken)).toMatchObject({ alg: 'ES256', kid: IDENTITY_TEST_KEY.kid });
    const claims = decodeJwt(issued.accessToken);
    expect(claims).toMatchObject({ iss: TEST_ISSUER, sub: account('planner').id, role: 'planner', organization: 'Mercy General', ver: 4 });
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('gives a facility system’s token to the registry and identity only: the referral service refuses it', async () => {
    const { accessToken } = await issuer().issueFor(account('system'));
    expect(decodeJwt(accessToken).aud).toEqual(['identity', 'facility-registry']);
    expect((await service('facility-registry').read(accessToken)).ok).toBe(true);
    expect((await service('identity').read(accessToken)).ok).toBe(true);
    expect(await service('referral-service').read(accessToken)).toMatchObject({ ok: false, refusal: 'invalid' });
  });

  it.each(['planner', 'facility-staff', 'admin'] as const)('gives a %s’s token to every service people use', async (role) => {
    const { accessToken } = await issuer().issueFor(account(role));
    for (const audience of ['identity', 'facility-registry', 'referral-service'] as const) {
      expect(await service(audience).read(accessToken)).toMatchObject({ ok: true, principal: { role } });
    }
  });
});
