import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { anotherKey, signHs256Token, signTestToken } from '../support/access-tokens.js';
import { api, GATEWAY_URL, signInAs, signInAsAdmin, type ApiResponse } from '../support/system-under-test.js';
import { NEXT_YEAR } from '../support/test-facility.js';

// Who may do what: reads are public, facility writes need a token whose role and facilities fit,
// and the identity service never shows a password hash. Only identity signs tokens (ES256), each for
// the services its role uses; every service refuses a token anyone else signed or meant for another.

interface Facility {
  id: string;
  name: string;
  phone: string;
  payers: string[];
  privateInsurancePlans: string[];
  credentials: { identifier: string | null }[];
  beds: { levelOfCare: string; bedType: string; available: number }[];
}

interface Account {
  id: string;
  email: string;
  displayName: string;
  role: string;
  facilityIds: string[];
  organization: string | null;
  active: boolean;
}

interface Problems {
  statusCode: number;
  message: string;
  errors: { field: string; reason: string }[];
}

interface ErrorBody {
  statusCode: number;
  message: string;
}

// A level of care and a place no other spec refers patients to, so these facilities change nobody's matches.
const LEVEL = 'residential-long-term';
const ISSUER = process.env.JWT_ISSUER ?? 'sud-referral';
const RUN = randomUUID().slice(0, 8);

function newFacility(name: string) {
  return {
    name,
    street: '2300 Capitol Ave',
    city: 'Cheyenne',
    state: 'WY',
    zip: '82001',
    phone: '307-555-0100',
    active: true,
    programs: [{ levelOfCare: LEVEL, lengthOfStayDays: 90 }],
    medications: [],
    continuesExternalMedication: null,
    therapies: ['cognitive-behavioral-therapy'],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: ['adults'],
    languages: ['english'],
    insurance: { payers: ['medicaid'], privateInsurancePlans: [], upfrontPaymentRequired: false },
    credentials: [
      { type: 'state-licence', status: 'active', expiresOn: `${NEXT_YEAR}-12-31`, identifier: 'WY-E2E-0', issuer: 'Wyoming DOH' },
    ],
  };
}

function profileOf(request: ReturnType<typeof newFacility>) {
  const { insurance: _insurance, credentials: _credentials, ...profile } = request;
  return profile;
}

/** A request with exactly this Authorization header (or none), for the schemes `api()` does not send. */
async function withAuthorization(
  method: string,
  path: string,
  authorization: string | undefined,
  body?: unknown,
): Promise<ApiResponse<ErrorBody>> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(`${GATEWAY_URL}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed as ErrorBody, headers: response.headers };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The claims of a token without its registered ones (iat, exp, iss, aud), ready to be signed again. */
function principalOf(claims: Record<string, unknown>): Record<string, unknown> {
  const { iat: _iat, exp: _exp, iss: _iss, aud: _aud, ...principal } = claims;
  return principal;
}

/** Every private parameter a JWK can carry (RFC 7518 §6): identity must never publish one. */
const PRIVATE_JWK_PARAMETERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function expectSignInHint(response: ApiResponse<ErrorBody>): void {
  expect(response.status).toBe(401);
  expect(response.body.message).toMatch(/sign in/i);
  expect(response.body.message).toContain('Authorization: Bearer');
  expect(response.body.message).toContain('POST /api/auth/token');
}

/** Creates a `system` account for these facilities, issues it an API key and exchanges the key for a token. */
async function systemAccount(facilityIds: string[]): Promise<{ account: Account; apiKey: string; token: string }> {
  const admin = await signInAsAdmin();
  const email = `bed-board-${randomUUID()}@test.example`;
  const created = await api<Account>('POST', '/api/accounts', { email, displayName: 'Bed board sync', role: 'system', facilityIds }, admin);
  expect(created.status).toBe(201);
  const key = await api<{ id: string; apiKey: string }>('POST', `/api/accounts/${created.body.id}/api-keys`, undefined, admin);
  expect(key.status).toBe(201);
  const token = await api<{ accessToken: string; tokenType: string; expiresIn: number }>('POST', '/api/auth/token', {
    apiKey: key.body.apiKey,
  });
  expect(token.status).toBe(200);
  expect(token.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: expect.any(Number) });
  return { account: created.body, apiKey: key.body.apiKey, token: token.body.accessToken };
}

/** One facility write: its endpoint, a body that sets a recognisable value, and where GET shows that value. */
interface Write {
  name: string;
  path: string;
  body: (n: number) => unknown;
  shown: (facility: Facility) => unknown;
  expected: (n: number) => unknown;
  /** Whether a `system` account of the facility may make this change. */
  system: boolean;
}

const WRITES: Write[] = [
  {
    name: 'PUT /api/facilities/:id/profile',
    path: 'profile',
    body: (n) => ({ ...profileOf(newFacility(`E2E Access ${RUN} A`)), phone: `307-555-${1000 + n}` }),
    shown: (facility) => facility.phone,
    expected: (n) => `307-555-${1000 + n}`,
    system: false,
  },
  {
    name: 'PUT /api/facilities/:id/capacity',
    path: 'capacity',
    body: (n) => ({ beds: [{ levelOfCare: LEVEL, staffed: 100, available: n }] }),
    shown: (facility) => facility.beds.find((bed) => bed.levelOfCare === LEVEL && bed.bedType === 'general')?.available,
    expected: (n) => n,
    system: true,
  },
  {
    name: 'PUT /api/facilities/:id/accreditations',
    path: 'accreditations',
    body: (n) => ({
      credentials: [
        { type: 'state-licence', status: 'active', expiresOn: `${NEXT_YEAR}-12-31`, identifier: `WY-E2E-${n}`, issuer: 'Wyoming DOH' },
      ],
    }),
    shown: (facility) => facility.credentials.map((credential) => credential.identifier),
    expected: (n) => [`WY-E2E-${n}`],
    system: false,
  },
  {
    name: 'PUT /api/facilities/:id/insurance',
    path: 'insurance',
    body: (n) => ({ payers: ['medicaid', 'private-insurance'], privateInsurancePlans: [`E2E Plan ${n}`], upfrontPaymentRequired: false }),
    shown: (facility) => facility.privateInsurancePlans,
    expected: (n) => [`E2E Plan ${n}`],
    system: false,
  },
];

describe('access control', () => {
  let admin: string;
  let facility: Facility;
  let other: Facility;
  let planner: string;
  let staff: string;
  let otherStaff: string;
  let system: Awaited<ReturnType<typeof systemAccount>>;
  /** Tokens no service may accept, by what is wrong with them. */
  const untrusted: [string, string][] = [];
  /** Of those, the ones signed (and claiming admin for every service) by someone other than identity. */
  const forged: [string, string][] = [];

  async function read(id: string): Promise<Facility> {
    const response = await api<Facility>('GET', `/api/facilities/${id}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function historyTotal(id: string): Promise<number> {
    const response = await api<{ total: number }>('GET', `/api/facilities/${id}/history?pageSize=1`, undefined, admin);
    expect(response.status).toBe(200);
    return response.body.total;
  }

  /** Runs a refused request and checks it left both the facility and its history as they were. */
  async function expectNothingChanged<T>(attempt: () => Promise<T>): Promise<T> {
    const [before, entries] = await Promise.all([read(facility.id), historyTotal(facility.id)]);
    const result = await attempt();
    expect(await read(facility.id)).toEqual(before);
    expect(await historyTotal(facility.id)).toBe(entries);
    return result;
  }

  beforeAll(async () => {
    admin = await signInAsAdmin();
    const created = await api<Facility>('POST', '/api/facilities', newFacility(`E2E Access ${RUN} A`), admin);
    expect(created.status).toBe(201);
    facility = created.body;
    const second = await api<Facility>('POST', '/api/facilities', newFacility(`E2E Access ${RUN} B`), admin);
    expect(second.status).toBe(201);
    other = second.body;
    [planner, staff, otherStaff, system] = await Promise.all([
      signInAs('planner'),
      signInAs('facility-staff', [facility.id]),
      signInAs('facility-staff', [other.id]),
      systemAccount([facility.id]),
    ]);

    // Forged from a real token: staff of the other facility claiming this one, signature kept.
    const [header, payload, signature] = otherStaff.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    untrusted.push(
      ['garbage', 'garbage'],
      ['three dots of nothing', 'aaa.bbb.ccc'],
      ['an API key instead of an access token', system.apiKey],
      [
        'an expired-looking token with a made-up signature',
        `${base64url({ alg: 'HS256', typ: 'JWT' })}.` +
          `${base64url({ sub: randomUUID(), role: 'admin', facilityIds: [], iss: ISSUER, iat: now - 7200, exp: now - 3600 })}.` +
          `${Buffer.from('not the signature').toString('base64url')}`,
      ],
      [
        'an unsigned token (alg none) claiming admin',
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, role: 'admin' })}.`,
      ],
      ['a real token with its facilities changed', `${header}.${base64url({ ...claims, facilityIds: [facility.id] })}.${signature}`],
    );
    // Signed, claiming admin for every service, but not by identity: with a key of the attacker's own (under
    // its own id, and under the id of identity's key), or with HS256 keyed by a shared secret of the old kind
    // or by identity's published public key itself (algorithm confusion).
    const identityKid = decodeProtectedHeader(otherStaff).kid!;
    const published = (await api<JSONWebKeySet>('GET', '/api/auth/jwks')).body.keys[0]!;
    const publicPem = createPublicKey({ key: published as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const asAdmin = { ...principalOf(claims), role: 'admin', facilityIds: [] };
    const attacker = anotherKey();
    forged.push(
      ['a token signed with a key of its own', await signTestToken(asAdmin, { key: attacker, issuer: ISSUER })],
      [
        'a token signed with another key under the id of identity’s',
        await signTestToken(asAdmin, { key: attacker, kid: identityKid, issuer: ISSUER }),
      ],
      [
        'an HS256 token signed with a shared secret',
        await signHs256Token(asAdmin, 'a-secret-the-services-do-not-share-0123456789', { kid: identityKid, issuer: ISSUER }),
      ],
      [
        'an HS256 token keyed with identity’s published key (JWK)',
        await signHs256Token(asAdmin, JSON.stringify(published), { kid: identityKid, issuer: ISSUER }),
      ],
      [
        'an HS256 token keyed with identity’s published key (PEM)',
        await signHs256Token(asAdmin, publicPem, { kid: identityKid, issuer: ISSUER }),
      ],
    );
    untrusted.push(...forged);
  });

  describe.each(WRITES)('$name', (write) => {
    const path = () => `/api/facilities/${facility.id}/${write.path}`;

    it('without a token: 401, telling how to sign in, and nothing changes', async () => {
      const response = await expectNothingChanged(() => api<ErrorBody>('PUT', path(), write.body(91)));
      expectSignInHint(response);
    });

    it('with another scheme than Bearer: 401, telling how to sign in', async () => {
      expectSignInHint(await withAuthorization('PUT', path(), 'Basic YWRtaW5AdGVzdC5leGFtcGxlOnNlY3JldA==', write.body(91)));
      expectSignInHint(await withAuthorization('PUT', path(), staff, write.body(91)));
    });

    it('with a token it cannot trust: 401 and nothing changes', async () => {
      expect(untrusted.length).toBeGreaterThanOrEqual(11);
      await expectNothingChanged(async () => {
        for (const [what, token] of untrusted) {
          const response = await api<ErrorBody>('PUT', path(), write.body(92), token);
          expect({ what, status: response.status }).toEqual({ what, status: 401 });
          expect(response.body.message).toMatch(/access token/i);
        }
      });
    });

    it('as a planner: 403 and nothing changes', async () => {
      const response = await expectNothingChanged(() => api<ErrorBody>('PUT', path(), write.body(93), planner));
      expect(response.status).toBe(403);
    });

    it('as staff of another facility: 403 and nothing changes', async () => {
      const response = await expectNothingChanged(() => api<ErrorBody>('PUT', path(), write.body(94), otherStaff));
      expect(response.status).toBe(403);
      expect(response.body.message).toContain(facility.id);
      expect(write.shown(await read(facility.id))).not.toEqual(write.expected(94));
    });

    if (!write.system) {
      it('as the facility’s own bed-update system: 403 and nothing changes', async () => {
        const response = await expectNothingChanged(() => api<ErrorBody>('PUT', path(), write.body(95), system.token));
        expect(response.status).toBe(403);
      });
    }

    it('as staff of this facility: 200, and GET shows the change', async () => {
      const response = await api('PUT', path(), write.body(1), staff);
      expect(response.status).toBe(200);
      expect(write.shown(await read(facility.id))).toEqual(write.expected(1));
    });

    it('as an admin: 200, and GET shows the change', async () => {
      const response = await api('PUT', path(), write.body(2), admin);
      expect(response.status).toBe(200);
      expect(write.shown(await read(facility.id))).toEqual(write.expected(2));
    });

    it('leaves the other facility alone throughout', async () => {
      const untouched = await read(other.id);
      expect(write.shown(untouched)).not.toEqual(write.expected(1));
      expect(write.shown(untouched)).not.toEqual(write.expected(2));
    });
  });

  describe('GET /api/facilities/:id/history', () => {
    const path = () => `/api/facilities/${facility.id}/history`;

    it('without a token: 401, telling how to sign in', async () => {
      expectSignInHint(await api<ErrorBody>('GET', path()));
    });

    it('with a token it cannot trust: 401', async () => {
      for (const [what, token] of untrusted) {
        const response = await api<ErrorBody>('GET', path(), undefined, token);
        expect({ what, status: response.status }).toEqual({ what, status: 401 });
      }
    });

    it('as a planner, staff of another facility or a bed-update system: 403, without any entry', async () => {
      for (const token of [planner, otherStaff, system.token]) {
        const response = await api<{ items?: unknown }>('GET', path(), undefined, token);
        expect(response.status).toBe(403);
        expect(response.body.items).toBeUndefined();
      }
    });

    it('as staff of this facility or an admin: 200 with the changes and who made them', async () => {
      const [staffId, adminId, systemId] = await Promise.all(
        [staff, admin, system.token].map(async (token) => (await api<Account>('GET', '/api/auth/me', undefined, token)).body.id),
      );
      // The system account's capacity change, so its id shows in the history too.
      expect((await api('PUT', `/api/facilities/${facility.id}/capacity`, WRITES[1]!.body(3), system.token)).status).toBe(200);
      for (const token of [staff, admin]) {
        const response = await api<{ items: { aspect: string; changedBy: string }[]; total: number }>(
          'GET',
          `${path()}?pageSize=100`,
          undefined,
          token,
        );
        expect(response.status).toBe(200);
        expect(response.body.total).toBe(response.body.items.length);
        const authors = new Set(response.body.items.map((change) => change.changedBy));
        expect([...authors].sort()).toEqual([staffId, adminId, systemId].sort());
      }
    });
  });

  describe('a bed-update system with an API key', () => {
    it('reports beds for its facility: 200', async () => {
      const response = await api('PUT', `/api/facilities/${facility.id}/capacity`, WRITES[1]!.body(7), system.token);
      expect(response.status).toBe(200);
      expect(WRITES[1]!.shown(await read(facility.id))).toBe(7);
    });

    it('cannot change its facility’s profile: 403', async () => {
      const response = await expectNothingChanged(() =>
        api<ErrorBody>('PUT', `/api/facilities/${facility.id}/profile`, WRITES[0]!.body(96), system.token),
      );
      expect(response.status).toBe(403);
    });

    it('cannot report beds for another facility: 403, and that facility keeps its beds', async () => {
      const before = await read(other.id);
      const response = await api<ErrorBody>('PUT', `/api/facilities/${other.id}/capacity`, WRITES[1]!.body(8), system.token);
      expect(response.status).toBe(403);
      expect(await read(other.id)).toEqual(before);
    });

    it('cannot add a facility: 403', async () => {
      const response = await api('POST', '/api/facilities', newFacility(`E2E Access ${RUN} by system`), system.token);
      expect(response.status).toBe(403);
    });

    it('is a system account of that facility, as GET /api/auth/me tells', async () => {
      const me = await api<Account>('GET', '/api/auth/me', undefined, system.token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: system.account.id, role: 'system', facilityIds: [facility.id] });
    });

    it('cannot sign in with a password, and a made-up key is refused like a wrong password', async () => {
      const byPassword = await api<ErrorBody>('POST', '/api/auth/token', { email: system.account.email, password: 'any password at all' });
      expect(byPassword.status).toBe(401);
      const madeUp = await api<ErrorBody>('POST', '/api/auth/token', { apiKey: `sudk_0123456789ab_${'A'.repeat(32)}` });
      expect(madeUp.status).toBe(401);
      const tampered = await api<ErrorBody>('POST', '/api/auth/token', {
        apiKey: `${system.apiKey.slice(0, -1)}${system.apiKey.endsWith('A') ? 'B' : 'A'}`,
      });
      expect(tampered.status).toBe(401);
      expect(madeUp.body.message).toBe(byPassword.body.message);
      expect(tampered.body.message).toBe(byPassword.body.message);
    });
  });

  describe('POST /api/facilities', () => {
    const name = `E2E Access ${RUN} refused`;

    async function expectNotCreated(): Promise<void> {
      const found = await api<{ total: number }>('GET', `/api/facilities?name=${encodeURIComponent(name)}`);
      expect(found.status).toBe(200);
      expect(found.body.total).toBe(0);
    }

    it('without a token: 401, telling how to sign in', async () => {
      expectSignInHint(await api<ErrorBody>('POST', '/api/facilities', newFacility(name)));
      await expectNotCreated();
    });

    it('with a token it cannot trust: 401', async () => {
      for (const [what, token] of untrusted) {
        const response = await api<ErrorBody>('POST', '/api/facilities', newFacility(name), token);
        expect({ what, status: response.status }).toEqual({ what, status: 401 });
      }
      await expectNotCreated();
    });

    it('as a planner, facility staff or a bed-update system: 403', async () => {
      for (const token of [planner, staff, system.token]) {
        const response = await api<ErrorBody>('POST', '/api/facilities', newFacility(name), token);
        expect(response.status).toBe(403);
        expect(response.body.message).toMatch(/admin/);
      }
      await expectNotCreated();
    });

    it('as an admin: 201', async () => {
      const created = await api<Facility>('POST', '/api/facilities', newFacility(`E2E Access ${RUN} C`), admin);
      expect(created.status).toBe(201);
      expect((await read(created.body.id)).name).toBe(`E2E Access ${RUN} C`);
    });
  });

  describe('tokens: only identity signs them, each for the services it names', () => {
    /** A route of each service that checks tokens, and that an admin's real token may call. */
    const routes = (): [string, string][] => [
      ['identity', '/api/auth/me'],
      ['facility-registry', `/api/facilities/${facility.id}/history`],
      ['referral-service', '/api/referrals'],
    ];

    it('a token signed with any key but identity’s, or with HS256, is refused by every service: 401', async () => {
      expect(forged.length).toBeGreaterThanOrEqual(5);
      for (const [service, path] of routes()) {
        expect({ service, status: (await api('GET', path, undefined, admin)).status }).toEqual({ service, status: 200 });
        for (const [what, token] of forged) {
          const response = await api<ErrorBody>('GET', path, undefined, token);
          expect({ service, what, status: response.status }).toEqual({ service, what, status: 401 });
          expect(response.body.message).toMatch(/access token/i);
          expect(response.headers.get('www-authenticate')).toBe('Bearer');
        }
      }
    });

    it('a bed-count system’s token names the registry and identity only: the referral service refuses it with 401', async () => {
      expect(decodeJwt(system.token).aud).toEqual(['identity', 'facility-registry']);
      for (const path of ['/api/referrals', `/api/inbox/${facility.id}`, '/api/placements', '/api/audit']) {
        const response = await api<ErrorBody>('GET', path, undefined, system.token);
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
        expect(response.body.message).toMatch(/not meant for the referral-service service/);
      }
      // Where it is meant to go, it still works.
      expect((await api('GET', `/api/facilities/${facility.id}/holds`, undefined, system.token)).status).toBe(200);
      expect((await api('GET', '/api/auth/me', undefined, system.token)).status).toBe(200);
    });

    it('people’s tokens name every service they use, and live at most 15 minutes', async () => {
      for (const token of [planner, staff, admin, system.token]) {
        const claims = decodeJwt(token);
        expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(15 * 60);
        expect(claims.iss).toBe(ISSUER);
      }
      for (const token of [planner, staff, admin]) {
        expect([...(decodeJwt(token).aud as string[])].sort()).toEqual(['facility-registry', 'identity', 'referral-service']);
      }
    });

    it('GET /api/auth/jwks through the gateway: identity’s public keys, no private parameter, for anyone, cached briefly', async () => {
      const response = await api<JSONWebKeySet>('GET', '/api/auth/jwks');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]);
      expect(maxAge).toBeGreaterThan(0);
      expect(maxAge).toBeLessThanOrEqual(300);
      const { keys } = response.body;
      expect(keys.length).toBeGreaterThanOrEqual(1);
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
        expect(key.kid).toEqual(expect.any(String));
        for (const parameter of PRIVATE_JWK_PARAMETERS) expect(key).not.toHaveProperty(parameter);
      }
      // Every token identity issued names one of these keys and verifies with the set, as each service verifies it.
      const tokens: [string, string][] = [
        [admin, 'referral-service'],
        [staff, 'facility-registry'],
        [system.token, 'facility-registry'],
        [planner, 'identity'],
      ];
      for (const [token, audience] of tokens) {
        expect(keys.map((key) => key.kid)).toContain(decodeProtectedHeader(token).kid);
        await expect(
          jwtVerify(token, createLocalJWKSet(response.body), { issuer: ISSUER, audience, algorithms: ['ES256'] }),
        ).resolves.toMatchObject({
          protectedHeader: { alg: 'ES256' },
        });
      }
      // A broken or forged token along with it changes nothing: the answer is public.
      expect((await api<JSONWebKeySet>('GET', '/api/auth/jwks', undefined, forged[0]![1])).body).toEqual(response.body);
    });
  });

  describe('public reads', () => {
    it('browse and read a facility without a token', async () => {
      const page = await api<{ items: Facility[]; total: number }>(
        'GET',
        `/api/facilities?name=${encodeURIComponent(`E2E Access ${RUN}`)}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.map((item) => item.id)).toEqual(expect.arrayContaining([facility.id, other.id]));
      const one = await api<Facility>('GET', `/api/facilities/${facility.id}`);
      expect(one.status).toBe(200);
      expect(one.body.id).toBe(facility.id);
    });

    it('answer even when a stale or broken token comes along', async () => {
      for (const [what, token] of untrusted) {
        const response = await api('GET', `/api/facilities/${facility.id}`, undefined, token);
        expect({ what, status: response.status }).toEqual({ what, status: 200 });
      }
    });

    it('health and the OpenAPI document need no token', async () => {
      expect((await api('GET', '/health/ready')).status).toBe(200);
      expect((await api('GET', '/api/openapi.json')).status).toBe(200);
    });

    it('the OpenAPI document marks the writes as needing a bearer token and the reads as open', async () => {
      const document = await api<{
        paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
        components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      }>('GET', '/api/openapi.json');
      expect(document.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const bearer = [{ bearer: [] }];
      expect(document.body.paths['/api/facilities']!.post!.security).toEqual(bearer);
      for (const aspect of ['profile', 'capacity', 'accreditations', 'insurance']) {
        expect(document.body.paths[`/api/facilities/{facilityId}/${aspect}`]!.put!.security).toEqual(bearer);
      }
      expect(document.body.paths['/api/facilities/{facilityId}/history']!.get!.security).toEqual(bearer);
      expect(document.body.paths['/api/accounts']!.post!.security).toEqual(bearer);
      expect(document.body.paths['/api/facilities']!.get!.security).toBeUndefined();
      expect(document.body.paths['/api/facilities/{facilityId}']!.get!.security).toBeUndefined();
      expect(document.body.paths['/api/auth/token']!.post!.security).toBeUndefined();
    });
  });

  describe('identity', () => {
    describe('POST /api/auth/token', () => {
      it('refuses a wrong password with 401 and the same message as an unknown email', async () => {
        const wrongPassword = await api<ErrorBody>('POST', '/api/auth/token', {
          email: process.env.E2E_ADMIN_EMAIL ?? 'admin@test.example',
          password: 'not-the-admin-password',
        });
        const unknownEmail = await api<ErrorBody>('POST', '/api/auth/token', {
          email: `nobody-${randomUUID()}@test.example`,
          password: 'whatever-it-is',
        });
        expect(wrongPassword.status).toBe(401);
        expect(unknownEmail.status).toBe(401);
        expect(wrongPassword.body.message).toBe(unknownEmail.body.message);
        expect(wrongPassword.body).toEqual(unknownEmail.body);
        expect(JSON.stringify(wrongPassword.body)).not.toMatch(/accessToken/);
      });

      it('signs in with the email in any case, and the token works at once', async () => {
        const email = `Case-${randomUUID()}@Test.Example`;
        const password = `pw-${randomUUID()}`;
        const created = await api<Account>('POST', '/api/accounts', { email, displayName: 'Casey', role: 'planner', password }, admin);
        expect(created.status).toBe(201);
        expect(created.body.email).toBe(email.toLowerCase());
        const token = await api<{ accessToken: string }>('POST', '/api/auth/token', { email: email.toUpperCase(), password });
        expect(token.status).toBe(200);
        const me = await api<Account>('GET', '/api/auth/me', undefined, token.body.accessToken);
        expect(me.body.id).toBe(created.body.id);
      });

      it.each([
        ['an empty body', {}],
        ['a null API key', { apiKey: null }],
        ['a null password', { email: 'someone@test.example', password: null }],
      ])('refuses a body with neither email and password nor an API key (%s): 400 naming the fields', async (_case, body) => {
        const response = await api<Problems>('POST', '/api/auth/token', body);
        expect(response.status).toBe(400);
        expect(response.body.errors.map((error) => error.field)).toEqual(
          expect.arrayContaining(Object.keys(body).length === 0 ? ['email', 'password'] : ['password']),
        );
      });
    });

    describe('POST /api/accounts', () => {
      const valid = () => ({
        email: `planner-${randomUUID()}@test.example`,
        displayName: 'Dana Discharge',
        role: 'planner',
        password: 'long-enough-password',
        organization: 'Mercy General',
      });

      it('without a token: 401; as a planner or facility staff: 403; and no account is made', async () => {
        const body = valid();
        expectSignInHint(await api<ErrorBody>('POST', '/api/accounts', body));
        for (const token of [planner, staff, system.token]) {
          const response = await api<ErrorBody>('POST', '/api/accounts', body, token);
          expect(response.status).toBe(403);
        }
        const accounts = await api<Account[]>('GET', '/api/accounts', undefined, admin);
        expect(accounts.body.map((account) => account.email)).not.toContain(body.email);
        expect((await api('POST', '/api/auth/token', { email: body.email, password: body.password })).status).toBe(401);
      });

      it('as an admin: 201 with the account, never its password or hash', async () => {
        const body = valid();
        const created = await api<Account>('POST', '/api/accounts', body, admin);
        expect(created.status).toBe(201);
        expect(created.body).toEqual({
          id: expect.any(String),
          email: body.email,
          displayName: 'Dana Discharge',
          role: 'planner',
          facilityIds: [],
          organization: 'Mercy General',
          active: true,
        });
      });

      it('refuses an email that has an account already: 409, whatever its case', async () => {
        const body = valid();
        expect((await api('POST', '/api/accounts', body, admin)).status).toBe(201);
        const again = await api<ErrorBody>(
          'POST',
          '/api/accounts',
          { ...body, displayName: 'Someone else', password: 'another-password' },
          admin,
        );
        expect(again.status).toBe(409);
        expect(again.body.message).toContain(body.email);
        const upper = await api<ErrorBody>('POST', '/api/accounts', { ...body, email: body.email.toUpperCase() }, admin);
        expect(upper.status).toBe(409);
        // The first account keeps its password.
        expect((await api('POST', '/api/auth/token', { email: body.email, password: body.password })).status).toBe(200);
        expect((await api('POST', '/api/auth/token', { email: body.email, password: 'another-password' })).status).toBe(401);
      });

      it.each([
        ['a password shorter than 12 characters', { password: 'short' }, 'password', /12/],
        ['a person without a password', { password: undefined }, 'password', /password/],
        ['facility staff without facilities', { role: 'facility-staff', facilityIds: [] }, 'facilityIds', /facility/],
        ['facility staff with null for facilities', { role: 'facility-staff', facilityIds: null }, 'facilityIds', /facility/],
        ['a system account without facilities', { role: 'system', password: undefined }, 'facilityIds', /facility/],
        ['a facility id that is not a UUID', { role: 'facility-staff', facilityIds: ['facility-1'] }, 'facilityIds', /UUID/i],
        ['a malformed email', { email: 'not-an-email' }, 'email', /email/],
        ['an unknown role', { role: 'superuser' }, 'role', /role/],
        ['an empty display name', { displayName: '' }, 'displayName', /displayName/],
        [
          'a password hash smuggled in',
          { passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA' },
          'passwordHash',
          /should not exist/,
        ],
        ['an account id chosen by the caller', { id: randomUUID() }, 'id', /should not exist/],
      ])('refuses %s: 400 naming the field', async (_case, change, field, reason) => {
        const body = { ...valid(), ...change };
        const response = await api<Problems>('POST', '/api/accounts', body, admin);
        expect(response.status).toBe(400);
        const problem = response.body.errors.find((error) => error.field === field);
        expect(problem).toBeDefined();
        expect(problem!.reason).toMatch(reason);
        const accounts = await api<Account[]>('GET', '/api/accounts', undefined, admin);
        expect(accounts.body.map((account) => account.email)).not.toContain(body.email);
      });
    });

    describe('POST /api/accounts/:id/api-keys', () => {
      it('only for an admin, and only for an account that exists', async () => {
        const { account } = system;
        expectSignInHint(await api<ErrorBody>('POST', `/api/accounts/${account.id}/api-keys`));
        for (const token of [planner, staff, system.token]) {
          expect((await api('POST', `/api/accounts/${account.id}/api-keys`, undefined, token)).status).toBe(403);
        }
        expect((await api('POST', `/api/accounts/${randomUUID()}/api-keys`, undefined, admin)).status).toBe(404);
        expect((await api('POST', '/api/accounts/not-a-uuid/api-keys', undefined, admin)).status).toBe(400);
      });

      it('issues a new key each time; each works and is shown only once', async () => {
        const { account } = system;
        const first = await api<{ id: string; apiKey: string }>('POST', `/api/accounts/${account.id}/api-keys`, undefined, admin);
        const second = await api<{ id: string; apiKey: string }>('POST', `/api/accounts/${account.id}/api-keys`, undefined, admin);
        expect(first.body.apiKey).toMatch(/^sudk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
        expect(second.body.apiKey).not.toBe(first.body.apiKey);
        for (const apiKey of [first.body.apiKey, second.body.apiKey]) {
          const token = await api<{ accessToken: string }>('POST', '/api/auth/token', { apiKey });
          expect(token.status).toBe(200);
          expect((await api<Account>('GET', '/api/auth/me', undefined, token.body.accessToken)).body.id).toBe(account.id);
        }
        const listed = await api<unknown>('GET', '/api/accounts', undefined, admin);
        const secretPart = first.body.apiKey.slice('sudk_0123456789ab_'.length);
        expect(secretPart).toHaveLength(32);
        expect(JSON.stringify(listed.body)).not.toContain(secretPart);
      });
    });

    describe('GET /api/auth/me', () => {
      it('returns the caller’s account without any password hash', async () => {
        const email = `staff-${randomUUID()}@test.example`;
        const password = `pw-${randomUUID()}`;
        const created = await api<Account>(
          'POST',
          '/api/accounts',
          { email, displayName: 'Sam Staff', role: 'facility-staff', facilityIds: [facility.id], password },
          admin,
        );
        expect(created.status).toBe(201);
        const token = await api<{ accessToken: string }>('POST', '/api/auth/token', { email, password });
        const me = await api<Record<string, unknown>>('GET', '/api/auth/me', undefined, token.body.accessToken);
        expect(me.status).toBe(200);
        expect(me.body).toEqual({
          id: created.body.id,
          email,
          displayName: 'Sam Staff',
          role: 'facility-staff',
          facilityIds: [facility.id],
          organization: null,
          active: true,
        });
        const text = JSON.stringify(me.body);
        expect(text).not.toMatch(/password|hash|argon2/i);
        expect(text).not.toContain(password);
      });

      it('without a token or with one it cannot trust: 401', async () => {
        expectSignInHint(await api<ErrorBody>('GET', '/api/auth/me'));
        for (const [what, token] of untrusted) {
          const response = await api('GET', '/api/auth/me', undefined, token);
          expect({ what, status: response.status }).toEqual({ what, status: 401 });
        }
      });
    });

    describe('GET /api/accounts', () => {
      it('lists every account for an admin, with no password hash anywhere in the JSON', async () => {
        const response = await api<Account[]>('GET', '/api/accounts', undefined, admin);
        expect(response.status).toBe(200);
        const emails = response.body.map((account) => account.email);
        expect(emails).toContain(process.env.E2E_ADMIN_EMAIL ?? 'admin@test.example');
        expect(emails).toContain(system.account.email);
        const text = JSON.stringify(response.body);
        expect(text).not.toContain('passwordHash');
        expect(text).not.toContain('secretHash');
        expect(text).not.toMatch(/\$argon2/);
        for (const account of response.body) {
          expect(Object.keys(account).sort()).toEqual(['active', 'displayName', 'email', 'facilityIds', 'id', 'organization', 'role']);
        }
      });

      it('is refused to everybody else', async () => {
        expectSignInHint(await api<ErrorBody>('GET', '/api/accounts'));
        for (const token of [planner, staff, system.token]) {
          expect((await api('GET', '/api/accounts', undefined, token)).status).toBe(403);
        }
      });
    });
  });
});
