import { api, eventually, signInAsAdmin, signInAsPlanner } from '../support/system-under-test.js';
import { createTestFacility, NEXT_YEAR, uniqueName, YELLOWSTONE_ZIP } from '../support/test-facility.js';

// The self-entered facility ranks with those without a licence on file: a language only this spec's
// facilities speak keeps better-ranked facilities of other specs near Yellowstone out of its matches.
const LANGUAGE = 'haitian-creole';

// Issue 15: facility staff set their own licence, and matching no longer takes their word for it. A
// licence they entered counts only once an admin verifies it; until then the facility is kept, says so,
// and ranks below an equal one whose licence is verified.

interface Credential {
  type: string;
  status: string;
  expiresOn: string | null;
  identifier: string | null;
  verification: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

interface Referral {
  matches: { facilityId: string; reasons: string[] }[];
}

const NOT_YET_VERIFIED = 'licence entered by the facility, not yet verified';
const licence = (identifier: string, expiresOn = `${NEXT_YEAR}-12-31`) => ({
  type: 'state-licence',
  status: 'active',
  expiresOn,
  identifier,
  issuer: 'Wyoming DOH',
});

const referral = {
  levelOfCare: 'detox-residential',
  payer: 'medicaid',
  patientZip: YELLOWSTONE_ZIP,
  maxDistanceMiles: 10,
  needs: { gender: 'male', ageYears: 34, substances: ['alcohol'], language: LANGUAGE },
};

describe('credential verification', () => {
  let adminToken: string;
  let plannerToken: string;
  let selfEntered: { id: string; staffToken: string };
  let checked: { id: string; staffToken: string };

  /** The matches for the two facilities of this spec, in the order the matcher ranks them. */
  async function matchesOfOurs(): Promise<Referral['matches']> {
    const response = await api<Referral>('POST', '/api/referrals', referral, plannerToken);
    expect(response.status).toBe(201);
    return response.body.matches.filter((match) => match.facilityId === selfEntered.id || match.facilityId === checked.id);
  }

  const verify = (facilityId: string, token: string, body: Record<string, unknown> = {}) =>
    api<{ credentials: Credential[] }>('POST', `/api/facilities/${facilityId}/accreditations/state-licence/verify`, body, token);

  beforeAll(async () => {
    adminToken = await signInAsAdmin();
    plannerToken = await signInAsPlanner();
    // Two facilities alike in all but whose word their licence rests on; both entered through the API.
    selfEntered = await createTestFacility(
      { name: uniqueName('E2E Self-Entered Licence'), languages: ['english', LANGUAGE] },
      undefined,
      adminToken,
    );
    checked = await createTestFacility(
      { name: uniqueName('E2E Verified Licence'), languages: ['english', LANGUAGE] },
      undefined,
      adminToken,
    );
    expect((await verify(checked.id, adminToken, { note: 'checked with the Wyoming licensing board' })).status).toBe(200);
  });

  it('keeps the facility whose staff set its licence, says it is not yet verified, and ranks it below an equal verified one', async () => {
    const set = await api<{ credentials: Credential[] }>(
      'PUT',
      `/api/facilities/${selfEntered.id}/accreditations`,
      { credentials: [licence('WY-SELF-1')] },
      selfEntered.staffToken,
    );
    expect(set.status).toBe(200);
    expect(set.body.credentials).toEqual([
      expect.objectContaining({ identifier: 'WY-SELF-1', verification: 'unverified', reviewedAt: null }),
    ]);

    const matches = await eventually(async () => {
      const found = await matchesOfOurs();
      expect(found.map((match) => match.facilityId)).toEqual([checked.id, selfEntered.id]);
      expect(found[0]!.reasons).toContain('valid state licence');
      expect(found[1]!.reasons).toContain(NOT_YET_VERIFIED);
      return found;
    });
    expect(matches[1]!.reasons).not.toContain('valid state licence');
  });

  it('lets no facility staff verify a licence, not even their own', async () => {
    expect((await verify(selfEntered.id, selfEntered.staffToken)).status).toBe(403);
    expect((await verify(checked.id, selfEntered.staffToken)).status).toBe(403);
    const reject = await api('POST', `/api/facilities/${selfEntered.id}/accreditations/state-licence/reject`, {}, selfEntered.staffToken);
    expect(reject.status).toBe(403);
    const read = await api<{ credentials: Credential[] }>('GET', `/api/facilities/${selfEntered.id}`);
    expect(read.body.credentials[0]!.verification).toBe('unverified');
  });

  it('answers 404 for a facility or a credential that does not exist', async () => {
    expect((await verify('00000000-0000-4000-8000-000000000000', adminToken)).status).toBe(404);
    const notHeld = await api('POST', `/api/facilities/${selfEntered.id}/accreditations/carf/verify`, {}, adminToken);
    expect(notHeld.status).toBe(404);
    const unknown = await api('POST', `/api/facilities/${selfEntered.id}/accreditations/no-such-type/verify`, {}, adminToken);
    expect(unknown.status).toBe(404);
  });

  it("drops the reason once an admin verifies the licence, and keeps who did it and when in the facility's history", async () => {
    const before = Date.now();
    const verified = await verify(selfEntered.id, adminToken, { note: 'licence WY-SELF-1 confirmed by phone' });
    expect(verified.status).toBe(200);
    const [credential] = verified.body.credentials;
    expect(credential).toMatchObject({ verification: 'verified', reviewNote: 'licence WY-SELF-1 confirmed by phone' });
    expect(credential!.reviewedBy).toEqual(expect.any(String));
    expect(Date.parse(credential!.reviewedAt!)).toBeGreaterThanOrEqual(before - 1_000);

    const history = await api<{ items: { aspect: string; changedBy: string; current: Credential[] }[] }>(
      'GET',
      `/api/facilities/${selfEntered.id}/history?aspect=accreditation`,
      undefined,
      adminToken,
    );
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({
      changedBy: credential!.reviewedBy,
      current: [expect.objectContaining({ verification: 'verified' })],
    });

    await eventually(async () => {
      const found = await matchesOfOurs();
      const ours = found.find((match) => match.facilityId === selfEntered.id)!;
      expect(ours.reasons).toContain('valid state licence');
      expect(ours.reasons).not.toContain(NOT_YET_VERIFIED);
    });
  });

  it('makes the licence unverified again when staff change its expiry, and the reason comes back', async () => {
    const changed = await api<{ credentials: Credential[] }>(
      'PUT',
      `/api/facilities/${selfEntered.id}/accreditations`,
      { credentials: [licence('WY-SELF-1', `${NEXT_YEAR + 1}-12-31`)] },
      selfEntered.staffToken,
    );
    expect(changed.status).toBe(200);
    expect(changed.body.credentials[0]).toMatchObject({ verification: 'unverified', reviewedBy: null, reviewedAt: null, reviewNote: null });

    await eventually(async () => {
      const found = await matchesOfOurs();
      expect(found.map((match) => match.facilityId)).toEqual([checked.id, selfEntered.id]);
      expect(found[1]!.reasons).toContain(NOT_YET_VERIFIED);
    });
  });
});
