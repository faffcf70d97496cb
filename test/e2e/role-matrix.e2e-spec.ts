import { randomUUID } from 'node:crypto';
import { api, GATEWAY_URL, signInAs, signInAsAdmin } from '../support/system-under-test.js';
import { testFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

// Every endpoint of the public API against every role and a stranger. Writes carry an empty body, so
// a caller the guard lets through meets validation (400) and nothing changes; one it stops gets 403.
// The table must name every operation of the OpenAPI document: a new endpoint fails this spec until
// someone decides who may call it.

type Caller = 'stranger' | 'planner' | 'facility-staff' | 'system' | 'admin';
const CALLERS: readonly Caller[] = ['stranger', 'planner', 'facility-staff', 'system', 'admin'];

interface Fixture {
  facilityId: string;
  referralId: string;
  taskId: string;
}

interface Operation {
  /** As in the OpenAPI document. */
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly url: (fixture: Fixture) => string;
  readonly body?: unknown;
  readonly expect: Readonly<Record<Caller, number>>;
}

const all = (status: number) => ({ stranger: status, planner: status, 'facility-staff': status, system: status, admin: status });
const adminOnly = (adminStatus: number) => ({ stranger: 401, planner: 403, 'facility-staff': 403, system: 403, admin: adminStatus });
// A system account's token names only the registry and identity (its `aud`): the referral service refuses it
// as a token not meant for it (401), before any role check.
const referralAdminOnly = (adminStatus: number) => ({ ...adminOnly(adminStatus), system: 401 });

const OPERATIONS: readonly Operation[] = [
  // Facility registry: the directory and public counts are open; changes follow role and facility.
  { method: 'GET', path: '/api/facilities', url: () => '/api/facilities?state=WY&pageSize=1', expect: all(200) },
  { method: 'POST', path: '/api/facilities', url: () => '/api/facilities', body: {}, expect: adminOnly(400) },
  { method: 'GET', path: '/api/facilities/{facilityId}', url: (f) => `/api/facilities/${f.facilityId}`, expect: all(200) },
  { method: 'GET', path: '/api/facilities/edxl-have', url: () => '/api/facilities/edxl-have?state=WY&pageSize=1', expect: all(200) },
  {
    method: 'GET',
    path: '/api/facilities/{facilityId}/edxl-have',
    url: (f) => `/api/facilities/${f.facilityId}/edxl-have`,
    expect: all(200),
  },
  {
    method: 'GET',
    path: '/api/facilities/{facilityId}/history',
    url: (f) => `/api/facilities/${f.facilityId}/history`,
    expect: { stranger: 401, planner: 403, 'facility-staff': 200, system: 403, admin: 200 },
  },
  ...(['profile', 'accreditations', 'insurance'] as const).map((aspect) => ({
    method: 'PUT' as const,
    path: `/api/facilities/{facilityId}/${aspect}`,
    url: (f: Fixture) => `/api/facilities/${f.facilityId}/${aspect}`,
    body: {},
    expect: { stranger: 401, planner: 403, 'facility-staff': 400, system: 403, admin: 400 },
  })),
  // Verifying or rejecting a credential is for admins only; the fixture holds no CARF accreditation, so nothing changes (404).
  ...(['verify', 'reject'] as const).map((action) => ({
    method: 'POST' as const,
    path: `/api/facilities/{facilityId}/accreditations/{type}/${action}`,
    url: (f: Fixture) => `/api/facilities/${f.facilityId}/accreditations/carf/${action}`,
    body: {},
    expect: adminOnly(404),
  })),
  {
    method: 'PUT',
    path: '/api/facilities/{facilityId}/capacity',
    url: (f) => `/api/facilities/${f.facilityId}/capacity`,
    body: {},
    expect: { stranger: 401, planner: 403, 'facility-staff': 400, system: 400, admin: 400 },
  },
  {
    method: 'GET',
    path: '/api/facilities/{facilityId}/holds',
    url: (f) => `/api/facilities/${f.facilityId}/holds`,
    expect: { stranger: 401, planner: 403, 'facility-staff': 200, system: 200, admin: 200 },
  },
  // Referrals: planners of the organisation, staff of a facility it was sent to, admins; never a system account.
  {
    method: 'GET',
    path: '/api/referrals',
    url: () => '/api/referrals',
    expect: { stranger: 401, planner: 200, 'facility-staff': 403, system: 401, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/referrals',
    url: () => '/api/referrals',
    body: {},
    expect: { stranger: 401, planner: 400, 'facility-staff': 403, system: 401, admin: 400 },
  },
  {
    method: 'GET',
    path: '/api/referrals/{referralId}',
    url: (f) => `/api/referrals/${f.referralId}`,
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 401, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/referrals/{referralId}/events',
    url: (f) => `/api/referrals/${f.referralId}/events`,
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 401, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/referrals/{referralId}/tasks',
    url: (f) => `/api/referrals/${f.referralId}/tasks`,
    body: {},
    expect: { stranger: 401, planner: 400, 'facility-staff': 403, system: 401, admin: 400 },
  },
  {
    // An action no one can take: the guard answers first, then the unknown action is a 400.
    method: 'POST',
    path: '/api/referrals/{referralId}/tasks/{taskId}/{action}',
    url: (f) => `/api/referrals/${f.referralId}/tasks/${f.taskId}/approve`,
    body: {},
    expect: { stranger: 401, planner: 400, 'facility-staff': 400, system: 401, admin: 400 },
  },
  {
    method: 'PUT',
    path: '/api/referrals/{referralId}/patient',
    url: (f) => `/api/referrals/${f.referralId}/patient`,
    body: {},
    expect: { stranger: 401, planner: 400, 'facility-staff': 403, system: 401, admin: 400 },
  },
  {
    // Staff of the facility it was sent to: no consent yet, so no patient details.
    method: 'GET',
    path: '/api/referrals/{referralId}/patient',
    url: (f) => `/api/referrals/${f.referralId}/patient`,
    expect: { stranger: 401, planner: 200, 'facility-staff': 403, system: 401, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/referrals/{referralId}/consents',
    url: (f) => `/api/referrals/${f.referralId}/consents`,
    body: {},
    expect: { stranger: 401, planner: 400, 'facility-staff': 403, system: 401, admin: 400 },
  },
  {
    method: 'GET',
    path: '/api/referrals/{referralId}/consents',
    url: (f) => `/api/referrals/${f.referralId}/consents`,
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 401, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/referrals/{referralId}/consents/{consentId}/revoke',
    url: (f) => `/api/referrals/${f.referralId}/consents/${randomUUID()}/revoke`,
    expect: { stranger: 401, planner: 404, 'facility-staff': 403, system: 401, admin: 404 },
  },
  {
    method: 'GET',
    path: '/api/inbox/{facilityId}',
    url: (f) => `/api/inbox/${f.facilityId}`,
    expect: { stranger: 401, planner: 403, 'facility-staff': 200, system: 401, admin: 200 },
  },
  { method: 'GET', path: '/api/audit', url: () => '/api/audit?pageSize=1', expect: referralAdminOnly(200) },
  { method: 'GET', path: '/api/placements', url: () => '/api/placements?pageSize=1', expect: referralAdminOnly(200) },
  {
    method: 'GET',
    path: '/api/placements/export.csv',
    url: () => `/api/placements/export.csv?from=${new Date().toISOString()}`,
    expect: referralAdminOnly(200),
  },
  { method: 'GET', path: '/api/placements/figures', url: () => '/api/placements/figures', expect: referralAdminOnly(200) },
  // FHIR: the directory is as open as the facility API; referrals keep the referral API's rules.
  { method: 'GET', path: '/api/fhir/metadata', url: () => '/api/fhir/metadata', expect: all(200) },
  { method: 'GET', path: '/api/asyncapi.json', url: () => '/api/asyncapi.json', expect: all(200) },
  ...(['HealthcareService', 'Location', 'Organization'] as const).flatMap((type) => [
    { method: 'GET' as const, path: `/api/fhir/${type}`, url: () => `/api/fhir/${type}?address-state=WY&_count=1`, expect: all(200) },
    { method: 'GET' as const, path: `/api/fhir/${type}/{id}`, url: (f: Fixture) => `/api/fhir/${type}/${f.facilityId}`, expect: all(200) },
  ]),
  { method: 'POST', path: '/api/fhir', url: () => '/api/fhir', body: {}, expect: adminOnly(400) },
  {
    method: 'GET',
    path: '/api/fhir/ServiceRequest/{id}',
    url: (f) => `/api/fhir/ServiceRequest/${f.referralId}`,
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 401, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/fhir/Task/{id}',
    url: (f) => `/api/fhir/Task/${f.taskId}`,
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 401, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/fhir/Task',
    url: (f) => `/api/fhir/Task?based-on=ServiceRequest/${f.referralId}`,
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 401, admin: 200 },
  },
  // Identity.
  { method: 'POST', path: '/api/auth/token', url: () => '/api/auth/token', body: {}, expect: all(400) },
  { method: 'POST', path: '/api/auth/sso/token', url: () => '/api/auth/sso/token', body: {}, expect: all(400) },
  // The public keys every service verifies access tokens with: for anyone.
  { method: 'GET', path: '/api/auth/jwks', url: () => '/api/auth/jwks', expect: all(200) },
  {
    method: 'GET',
    path: '/api/auth/me',
    url: () => '/api/auth/me',
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 200, admin: 200 },
  },
  { method: 'GET', path: '/api/accounts', url: () => '/api/accounts', expect: adminOnly(200) },
  { method: 'POST', path: '/api/accounts', url: () => '/api/accounts', body: {}, expect: adminOnly(400) },
  {
    method: 'POST',
    path: '/api/accounts/{accountId}/api-keys',
    url: () => `/api/accounts/${randomUUID()}/api-keys`,
    expect: adminOnly(404),
  },
  // Revocation: unknown accounts and keys (404), or an empty change (400), so nothing changes.
  {
    method: 'GET',
    path: '/api/auth/access-status',
    url: () => '/api/auth/access-status',
    expect: { stranger: 401, planner: 200, 'facility-staff': 200, system: 200, admin: 200 },
  },
  {
    method: 'POST',
    path: '/api/accounts/{accountId}/deactivate',
    url: () => `/api/accounts/${randomUUID()}/deactivate`,
    expect: adminOnly(404),
  },
  {
    method: 'POST',
    path: '/api/accounts/{accountId}/reactivate',
    url: () => `/api/accounts/${randomUUID()}/reactivate`,
    expect: adminOnly(404),
  },
  { method: 'PATCH', path: '/api/accounts/{accountId}', url: () => `/api/accounts/${randomUUID()}`, body: {}, expect: adminOnly(400) },
  {
    method: 'GET',
    path: '/api/accounts/{accountId}/api-keys',
    url: () => `/api/accounts/${randomUUID()}/api-keys`,
    expect: adminOnly(404),
  },
  {
    method: 'DELETE',
    path: '/api/accounts/{accountId}/api-keys/{keyId}',
    url: () => `/api/accounts/${randomUUID()}/api-keys/${randomUUID()}`,
    expect: adminOnly(404),
  },
];

/** Status of a request; an event stream is cut off as soon as its status is known. */
async function statusOf(operation: Operation, url: string, token: string | undefined): Promise<number> {
  if (!url.endsWith('/events')) return (await api(operation.method, url, operation.body, token)).status;
  const controller = new AbortController();
  const response = await fetch(`${GATEWAY_URL}${url}`, {
    signal: controller.signal,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  controller.abort();
  return response.status;
}

const tokens: Partial<Record<Caller, string>> = {};
let fixture: Fixture;

beforeAll(async () => {
  const admin = await signInAsAdmin();
  const created = await api<{ id: string }>('POST', '/api/facilities', testFacility({ name: uniqueName('E2E Role Matrix Center') }), admin);
  expect(created.status).toBe(201);
  const facilityId = created.body.id;
  tokens.admin = admin;
  tokens.planner = await signInAs('planner', [], `E2E Matrix Hospital ${randomUUID()}`);
  tokens['facility-staff'] = await signInAs('facility-staff', [facilityId]);
  const system = await api<{ id: string }>(
    'POST',
    '/api/accounts',
    { email: `beds-${randomUUID()}@test.example`, displayName: 'Bed board', role: 'system', facilityIds: [facilityId] },
    admin,
  );
  const key = await api<{ apiKey: string }>('POST', `/api/accounts/${system.body.id}/api-keys`, undefined, admin);
  tokens.system = (await api<{ accessToken: string }>('POST', '/api/auth/token', { apiKey: key.body.apiKey })).body.accessToken;
  expect(
    (
      await api(
        'PUT',
        `/api/facilities/${facilityId}/capacity`,
        { beds: [{ levelOfCare: 'detox-residential', staffed: 5, available: 5 }] },
        tokens.system,
      )
    ).status,
  ).toBe(200);

  // A referral of the planner's organisation, sent to the facility, with patient details on record.
  let referralId = '';
  for (let attempt = 0; attempt < 40 && !referralId; attempt += 1) {
    const submitted = await api<{ id: string; matches: { facilityId: string }[] }>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: 'male', ageYears: 50, substances: ['alcohol'] },
      },
      tokens.planner,
    );
    if (submitted.body.matches.some((match) => match.facilityId === facilityId)) referralId = submitted.body.id;
    else await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(referralId).not.toBe('');
  const sent = await api<{ tasks: { id: string; facilityId: string }[] }>(
    'POST',
    `/api/referrals/${referralId}/tasks`,
    { facilityIds: [facilityId] },
    tokens.planner,
  );
  expect(sent.status).toBe(201);
  const patient = await api(
    'PUT',
    `/api/referrals/${referralId}/patient`,
    { givenName: 'Matrix', familyName: 'Patient', birthDate: '1975-01-01' },
    tokens.planner,
  );
  expect(patient.status).toBe(200);
  fixture = { facilityId, referralId, taskId: sent.body.tasks.find((task) => task.facilityId === facilityId)!.id };
});

describe('every endpoint against every role and a stranger', () => {
  it('the table names every operation of the public API, and only those', async () => {
    const document = await api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    const published = Object.entries(document.body.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...published].sort()).toEqual(OPERATIONS.map((operation) => `${operation.method} ${operation.path}`).sort());
  });

  it.each(OPERATIONS.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))('%s', async (_name, operation) => {
    const seen: Record<string, number> = {};
    for (const caller of CALLERS) seen[caller] = await statusOf(operation, operation.url(fixture), tokens[caller]);
    expect(seen).toEqual(operation.expect);
  });
});
