import { randomUUID } from 'node:crypto';
import { api, eventually, GATEWAY_URL, signInAsAdmin } from '../support/system-under-test.js';
import { testFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

// Revoking access: an admin deactivates an account, changes its facilities or revokes an API key, and
// the tokens issued before stop working at every service within ACCESS_STATUS_CACHE_MS (at most 30 s),
// live-update streams included; API keys may also expire.

/** How long a service may go on trusting its last answer from identity, plus a stream tick and some slack. */
const REVOCATION_WINDOW_MS = Number(process.env.ACCESS_STATUS_CACHE_MS ?? 30_000) + 8_000;
const TIMEOUT_MS = 2 * REVOCATION_WINDOW_MS + 60_000;
const DAY = 86_400_000;

interface Account {
  id: string;
  email: string;
  password: string;
}

let admin: string;

async function createPerson(
  role: 'planner' | 'facility-staff',
  fields: { facilityIds?: string[]; organization?: string },
): Promise<Account> {
  const email = `revocation-${role}-${randomUUID()}@test.example`;
  const password = `pw-${randomUUID()}`;
  const created = await api<{ id: string }>('POST', '/api/accounts', { email, displayName: email, role, password, ...fields }, admin);
  expect(created.status).toBe(201);
  return { id: created.body.id, email, password };
}

async function signIn(account: Account): Promise<string> {
  const response = await api<{ accessToken: string }>('POST', '/api/auth/token', { email: account.email, password: account.password });
  expect(response.status).toBe(200);
  return response.body.accessToken;
}

async function createFacility(): Promise<string> {
  const created = await api<{ id: string }>('POST', '/api/facilities', testFacility({ name: uniqueName('E2E Revocation Center') }), admin);
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Waits until the request answers `status` (a revocation reaches each service within the window), returning the answer. */
function eventuallyStatus(status: number, request: () => Promise<{ status: number; body: unknown }>) {
  return eventually(async () => {
    const response = await request();
    expect(response.status).toBe(status);
    return response;
  }, REVOCATION_WINDOW_MS);
}

/** Opens the referral's live-update stream and waits for its first event. */
async function openStream(referralId: string, token: string): Promise<{ ended: () => Promise<boolean>; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${GATEWAY_URL}/api/referrals/${referralId}/events`, {
    signal: controller.signal,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
  expect(text).toContain('event: referral');
  return {
    /** True when the service ends the stream within the window. */
    ended: async () => {
      const timer = setTimeout(() => controller.abort(), REVOCATION_WINDOW_MS);
      try {
        for (;;) if ((await reader.read()).done) return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => controller.abort(),
  };
}

beforeAll(async () => {
  admin = await signInAsAdmin();
});

describe('deactivating an account', () => {
  it(
    "ends the planner's token at the referral service and the registry, and their open stream; " + 'reactivation lets them back in',
    async () => {
      const facilityId = await createFacility();
      const planner = await createPerson('planner', { organization: `E2E Revocation Hospital ${randomUUID()}` });
      const token = await signIn(planner);
      const submitted = await api<{ id: string }>(
        'POST',
        '/api/referrals',
        {
          levelOfCare: 'detox-residential',
          payer: 'medicaid',
          patientZip: ZIP,
          maxDistanceMiles: 10,
          needs: { gender: 'female', ageYears: 41, substances: ['alcohol'] },
        },
        token,
      );
      expect(submitted.status).toBe(201);
      expect((await api('GET', '/api/referrals', undefined, token)).status).toBe(200);
      // A registry route planners may not use: refused for the role (403) while the token is good.
      expect((await api('GET', `/api/facilities/${facilityId}/history`, undefined, token)).status).toBe(403);
      const stream = await openStream(submitted.body.id, token);

      try {
        const deactivated = await api<{ active: boolean }>('POST', `/api/accounts/${planner.id}/deactivate`, undefined, admin);
        expect(deactivated.status).toBe(200);
        expect(deactivated.body.active).toBe(false);

        const refused = await eventuallyStatus(401, () => api<{ message: string }>('GET', '/api/referrals', undefined, token));
        expect(JSON.stringify(refused.body)).toMatch(/access revoked; sign in again/i);
        await eventuallyStatus(401, () => api('GET', `/api/facilities/${facilityId}/history`, undefined, token));
        expect(await stream.ended()).toBe(true);
      } finally {
        stream.close();
      }
      expect((await api('POST', '/api/auth/token', { email: planner.email, password: planner.password })).status).toBe(401);

      const reactivated = await api<{ active: boolean }>('POST', `/api/accounts/${planner.id}/reactivate`, undefined, admin);
      expect(reactivated.status).toBe(200);
      expect(reactivated.body.active).toBe(true);
      const fresh = await signIn(planner);
      // The new token works at once everywhere; the old one stays revoked.
      expect((await api('GET', '/api/referrals', undefined, fresh)).status).toBe(200);
      expect((await api('GET', `/api/referrals/${submitted.body.id}`, undefined, fresh)).status).toBe(200);
      expect((await api('GET', '/api/referrals', undefined, token)).status).toBe(401);
    },
    TIMEOUT_MS,
  );

  it('answers 404 for an unknown account and 409 to an admin deactivating themselves', async () => {
    expect((await api('POST', `/api/accounts/${randomUUID()}/deactivate`, undefined, admin)).status).toBe(404);
    expect((await api('POST', `/api/accounts/${randomUUID()}/reactivate`, undefined, admin)).status).toBe(404);
    expect((await api('POST', '/api/accounts/not-a-uuid/deactivate', undefined, admin)).status).toBe(400);
    const me = await api<{ id: string }>('GET', '/api/auth/me', undefined, admin);
    expect((await api('POST', `/api/accounts/${me.body.id}/deactivate`, undefined, admin)).status).toBe(409);
  });
});

describe("changing an account's facilities", () => {
  it(
    "ends its old token's access to the old facility; signing in again gives access to the new one only",
    async () => {
      const [oldFacility, newFacility] = [await createFacility(), await createFacility()];
      const staff = await createPerson('facility-staff', { facilityIds: [oldFacility] });
      const token = await signIn(staff);
      expect((await api('GET', `/api/facilities/${oldFacility}/history`, undefined, token)).status).toBe(200);

      const changed = await api<{ facilityIds: string[] }>('PATCH', `/api/accounts/${staff.id}`, { facilityIds: [newFacility] }, admin);
      expect(changed.status).toBe(200);
      expect(changed.body.facilityIds).toEqual([newFacility]);

      await eventuallyStatus(401, () => api('GET', `/api/facilities/${oldFacility}/history`, undefined, token));
      const fresh = await signIn(staff);
      expect((await api('GET', `/api/facilities/${oldFacility}/history`, undefined, fresh)).status).toBe(403);
      expect((await api('GET', `/api/facilities/${newFacility}/history`, undefined, fresh)).status).toBe(200);
    },
    TIMEOUT_MS,
  );

  it('refuses what account creation refuses, naming the field, and unknown accounts', async () => {
    const staff = await createPerson('facility-staff', { facilityIds: [randomUUID()] });
    const none = await api<{ errors: { field: string; reason: string }[] }>(
      'PATCH',
      `/api/accounts/${staff.id}`,
      { facilityIds: [] },
      admin,
    );
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ field: 'facilityIds', reason: expect.stringMatching(/at least one facility/) }]);
    const notIds = await api<{ errors: { field: string }[] }>('PATCH', `/api/accounts/${staff.id}`, { facilityIds: ['nope'] }, admin);
    expect(notIds.status).toBe(400);
    expect(notIds.body.errors[0]?.field).toMatch(/^facilityIds/);
    const planner = await createPerson('planner', { organization: 'E2E Revocation Hospital' });
    const facilities = await api<{ errors: { field: string }[] }>(
      'PATCH',
      `/api/accounts/${planner.id}`,
      { facilityIds: [randomUUID()] },
      admin,
    );
    expect(facilities.status).toBe(400);
    expect(facilities.body.errors.map((problem) => problem.field)).toEqual(['facilityIds']);
    const renamed = await api<{ organization: string }>('PATCH', `/api/accounts/${planner.id}`, { organization: 'St Elsewhere' }, admin);
    expect(renamed.status).toBe(200);
    expect(renamed.body.organization).toBe('St Elsewhere');
    expect((await api('PATCH', `/api/accounts/${randomUUID()}`, { organization: 'X' }, admin)).status).toBe(404);
  });
});

describe('API keys', () => {
  async function systemAccount(facilityId: string): Promise<string> {
    const created = await api<{ id: string }>(
      'POST',
      '/api/accounts',
      { email: `revocation-beds-${randomUUID()}@test.example`, displayName: 'Bed board', role: 'system', facilityIds: [facilityId] },
      admin,
    );
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it(
    'a revoked key cannot sign in, and the tokens it gave stop working',
    async () => {
      const facilityId = await createFacility();
      const systemId = await systemAccount(facilityId);
      const expiresAt = new Date(Date.now() + 30 * DAY).toISOString();
      const issued = await api<{ id: string; apiKey: string }>('POST', `/api/accounts/${systemId}/api-keys`, { expiresAt }, admin);
      expect(issued.status).toBe(201);
      const signedIn = await api<{ accessToken: string }>('POST', '/api/auth/token', { apiKey: issued.body.apiKey });
      expect(signedIn.status).toBe(200);
      const token = signedIn.body.accessToken;
      expect((await api('GET', `/api/facilities/${facilityId}/holds`, undefined, token)).status).toBe(200);

      const listed = await api<Record<string, unknown>[]>('GET', `/api/accounts/${systemId}/api-keys`, undefined, admin);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([
        expect.objectContaining({ id: issued.body.id, state: 'active', expiresAt: new Date(expiresAt).toISOString(), revokedAt: null }),
      ]);
      // Never the key or its hash.
      expect(JSON.stringify(listed.body)).not.toContain(issued.body.apiKey.split('_')[2]!);
      expect(Object.keys(listed.body[0]!).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'prefix', 'revokedAt', 'state']);

      expect((await api('DELETE', `/api/accounts/${systemId}/api-keys/${issued.body.id}`, undefined, admin)).status).toBe(204);
      expect((await api('POST', '/api/auth/token', { apiKey: issued.body.apiKey })).status).toBe(401);
      await eventuallyStatus(401, () => api('GET', `/api/facilities/${facilityId}/holds`, undefined, token));
      const after = await api<{ state: string }[]>('GET', `/api/accounts/${systemId}/api-keys`, undefined, admin);
      expect(after.body.map((key) => key.state)).toEqual(['revoked']);

      expect((await api('DELETE', `/api/accounts/${systemId}/api-keys/${randomUUID()}`, undefined, admin)).status).toBe(404);
      expect((await api('GET', `/api/accounts/${randomUUID()}/api-keys`, undefined, admin)).status).toBe(404);
    },
    TIMEOUT_MS,
  );

  it('an expired key cannot sign in; an expiry must be in the future and at most a year away', async () => {
    const systemId = await systemAccount(randomUUID());
    for (const expiresAt of [new Date(Date.now() - DAY).toISOString(), new Date(Date.now() + 400 * DAY).toISOString(), 'tomorrow']) {
      const refused = await api<{ errors: { field: string }[] }>('POST', `/api/accounts/${systemId}/api-keys`, { expiresAt }, admin);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((problem) => problem.field)).toEqual(['expiresAt']);
    }
    const soon = new Date(Date.now() + 3_000);
    const issued = await api<{ apiKey: string }>('POST', `/api/accounts/${systemId}/api-keys`, { expiresAt: soon.toISOString() }, admin);
    expect(issued.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, soon.getTime() - Date.now()) + 500));
    const expired = await api('POST', '/api/auth/token', { apiKey: issued.body.apiKey });
    expect(expired.status).toBe(401);
  });
});
