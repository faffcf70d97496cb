import { randomUUID } from 'node:crypto';
import { api, signInAs, signInAsAdmin } from '../support/system-under-test.js';
import { createTestFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

// The attack suite, consent part: what facility staff can get out of the consent list and the patient
// details beyond what 42 CFR Part 2 and HIPAA's minimum necessary allow. Facilities made here, near
// Yellowstone (ZIP), where the national directory has none; each test drives a referral of its own.

const LEVEL = 'detox-residential';
const DAY = 86_400_000;

interface Task {
  id: string;
  facilityId: string;
  status: string;
}
interface Referral {
  id: string;
  matches: { facilityId: string }[];
  tasks: Task[];
}
interface Consent {
  id: string;
  patientName?: string;
  patientDetailsVersion: number;
  recipientFacilityId: string;
  purpose: string;
  disclosedFields: string[];
  revokedAt: string | null;
}
interface Disclosure {
  patient: Record<string, unknown>;
  disclosedFields: string[];
  consent: Consent | null;
  patientDetailsVersion: number;
  redisclosureNotice?: string;
}
interface ErrorBody {
  statusCode: number;
  message: string;
  errors?: { field: string; reason: string }[];
}
interface AuditEntry {
  action: string;
  outcome: string;
  actorRole: string;
  facilityId: string | null;
  consentId: string | null;
  fields: string[];
  detail: string | null;
}

let admin: string;
let planner: string;
// This spec's facilities hold twenty beds each: a language only they speak keeps them out of other
// specs' ten matches near Yellowstone, and theirs out of these.
const LANGUAGE = 'vietnamese';

let facility: { id: string; staffToken: string };
let other: { id: string; staffToken: string };

/** A referral of the planner's sent to the facility, its task as staff left it (accepted unless `accept` is false). */
async function sentReferral(accept = true): Promise<{ referral: Referral; task: Task }> {
  for (let attempt = 0; ; attempt += 1) {
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: LEVEL,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: 'female', ageYears: 29, substances: ['opioids'], language: LANGUAGE },
      },
      planner,
    );
    expect(submitted.status).toBe(201);
    if (submitted.body.matches.some((match) => match.facilityId === facility.id)) {
      const sent = await api<Referral>('POST', `/api/referrals/${submitted.body.id}/tasks`, { facilityIds: [facility.id] }, planner);
      expect(sent.status).toBe(201);
      const task = sent.body.tasks.find((candidate) => candidate.facilityId === facility.id)!;
      // Accepted, the task no longer waits on the bed hold, which expires (and fails the task) within a minute here.
      if (accept) {
        const accepted = await api('POST', `/api/referrals/${sent.body.id}/tasks/${task.id}/accept`, {}, facility.staffToken);
        expect(accepted.status).toBe(200);
      }
      return { referral: sent.body, task };
    }
    // The matcher learns of a new facility over Kafka: try again shortly.
    if (attempt > 40) throw new Error(`facility ${facility.id} never matched`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Records the patient's details as the planner; returns the version the service gave them. */
async function recordPatient(referralId: string, details: Record<string, string>): Promise<number> {
  const recorded = await api<Disclosure>('PUT', `/api/referrals/${referralId}/patient`, { birthDate: '1994-07-21', ...details }, planner);
  expect(recorded.status).toBe(200);
  return recorded.body.patientDetailsVersion;
}

async function recordConsent(referralId: string, fields: string[], overrides: Record<string, unknown> = {}): Promise<Consent> {
  const recorded = await api<Consent>(
    'POST',
    `/api/referrals/${referralId}/consents`,
    {
      recipientFacilityId: facility.id,
      purpose: 'treatment-referral',
      disclosedFields: fields,
      expiresAt: new Date(Date.now() + 7 * DAY).toISOString(),
      ...overrides,
    },
    planner,
  );
  expect(recorded.status).toBe(201);
  return recorded.body;
}

const consentsAs = (referralId: string, token: string) =>
  api<Consent[] & ErrorBody>('GET', `/api/referrals/${referralId}/consents`, undefined, token);
const patientAs = (referralId: string, token: string, query = '') =>
  api<Disclosure & ErrorBody>('GET', `/api/referrals/${referralId}/patient${query}`, undefined, token);

async function auditOf(referralId: string, action: string): Promise<AuditEntry[]> {
  const audit = await api<{ items: AuditEntry[] }>(
    'GET',
    `/api/audit?referralId=${referralId}&action=${action}&pageSize=50`,
    undefined,
    admin,
  );
  expect(audit.status).toBe(200);
  return audit.body.items.reverse();
}

beforeAll(async () => {
  admin = await signInAsAdmin();
  // Beds enough for every referral of this file to hold one.
  const beds = [{ levelOfCare: LEVEL, staffed: 20, available: 20 }];
  [facility, other] = await Promise.all([
    createTestFacility({ name: uniqueName('E2E Consent Slough Creek'), languages: ['english', LANGUAGE] }, beds, admin),
    createTestFacility({ name: uniqueName('E2E Consent Pebble Creek'), languages: ['english', LANGUAGE] }, beds, admin),
  ]);
  planner = await signInAs('planner', [], `E2E Consent Hospital ${randomUUID()}`);
});

describe('consent, 42 CFR Part 2 (attack suite)', () => {
  it('staff under a clinical-summary-only consent never see the patient’s name, in the consent list or the details', async () => {
    const { referral } = await sentReferral();
    const familyName = `Nameless${randomUUID().slice(0, 8)}`;
    await recordPatient(referral.id, { givenName: 'Rowan', familyName, clinicalSummary: 'Alcohol withdrawal, CIWA-Ar 12' });
    const consent = await recordConsent(referral.id, ['clinicalSummary']);
    // The planner who recorded it sees whom it names.
    expect(consent.patientName).toBe(`Rowan ${familyName}`);

    const listed = await consentsAs(referral.id, facility.staffToken);
    expect(listed.status).toBe(200);
    expect(listed.body.map((item) => item.id)).toEqual([consent.id]);
    expect(listed.body[0]).not.toHaveProperty('patientName');
    expect(JSON.stringify(listed.body)).not.toContain(familyName);
    expect(JSON.stringify(listed.body)).not.toContain('Rowan');

    const disclosed = await patientAs(referral.id, facility.staffToken);
    expect(disclosed.status).toBe(200);
    expect(disclosed.body.patient).toEqual({ clinicalSummary: 'Alcohol withdrawal, CIWA-Ar 12' });
    expect(disclosed.body.consent).not.toHaveProperty('patientName');
    expect(JSON.stringify(disclosed.body)).not.toContain(familyName);
    expect(JSON.stringify(disclosed.body)).not.toContain('Rowan');

    // The referring planner keeps seeing the name in the list.
    const asPlanner = await consentsAs(referral.id, planner);
    expect(asPlanner.body.map((item) => item.patientName)).toEqual([`Rowan ${familyName}`]);
  });

  it('staff see neither expired nor revoked consents; the planner sees every one', async () => {
    const { referral } = await sentReferral();
    await recordPatient(referral.id, { givenName: 'Sage', familyName: 'Expired' });
    const expiresAt = Date.now() + 3_000;
    const shortLived = await recordConsent(referral.id, ['name'], { expiresAt: new Date(expiresAt).toISOString() });
    const revoked = await recordConsent(referral.id, ['name']);
    expect((await api('POST', `/api/referrals/${referral.id}/consents/${revoked.id}/revoke`, {}, planner)).status).toBe(200);
    const current = await recordConsent(referral.id, ['birthDate']);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1_000));
    const listed = await consentsAs(referral.id, facility.staffToken);
    expect(listed.status).toBe(200);
    expect(listed.body.map((item) => item.id)).toEqual([current.id]);
    expect(JSON.stringify(listed.body)).not.toContain('Expired');
    // Only the current consent discloses, and it does not disclose the name.
    const disclosed = await patientAs(referral.id, facility.staffToken);
    expect(disclosed.body.patient).toEqual({ birthDate: '1994-07-21' });

    const asPlanner = await consentsAs(referral.id, planner);
    expect(asPlanner.body.map((item) => item.id)).toEqual([shortLived.id, revoked.id, current.id]);
    expect(asPlanner.body.find((item) => item.id === revoked.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('a read for another purpose than the consent states is refused (403) and audited with its purpose', async () => {
    const { referral } = await sentReferral();
    await recordPatient(referral.id, { givenName: 'Tatum', familyName: 'Purpose' });
    const consent = await recordConsent(referral.id, ['name'], { purpose: 'treatment-referral' });

    const refused = await patientAs(referral.id, facility.staffToken, '?purpose=care-coordination');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/care-coordination/);
    expect(refused.body.message).toMatch(/treatment-referral/);
    expect(JSON.stringify(refused.body)).not.toContain('Tatum');

    const unknown = await patientAs(referral.id, facility.staffToken, '?purpose=marketing');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.map((error) => error.field)).toEqual(['purpose']);

    const stated = await patientAs(referral.id, facility.staffToken, '?purpose=treatment-referral');
    expect(stated.status).toBe(200);
    expect(stated.body.patient).toEqual({ name: { given: 'Tatum', family: 'Purpose' } });
    // No purpose stated: a treatment referral, which this consent covers.
    expect((await patientAs(referral.id, facility.staffToken)).status).toBe(200);

    const reads = await auditOf(referral.id, 'read-patient-details');
    expect(reads.map((entry) => [entry.outcome, entry.actorRole, entry.detail?.match(/purpose ([a-z-]+)/)?.[1]])).toEqual([
      ['denied', 'facility-staff', 'care-coordination'],
      ['allowed', 'facility-staff', 'treatment-referral'],
      ['allowed', 'facility-staff', 'treatment-referral'],
    ]);
    expect(reads[1]!.consentId).toBe(consent.id);
  });

  it('a facility that declined the referral loses access (403), though its consent is still current', async () => {
    const { referral, task } = await sentReferral(false);
    await recordPatient(referral.id, { givenName: 'Umber', familyName: 'Declined' });
    const consent = await recordConsent(referral.id, ['name', 'birthDate']);
    expect((await patientAs(referral.id, facility.staffToken)).status).toBe(200);

    const declined = await api(
      'POST',
      `/api/referrals/${referral.id}/tasks/${task.id}/decline`,
      { reason: 'no-capacity' },
      facility.staffToken,
    );
    expect(declined.status).toBe(200);

    const refused = await patientAs(referral.id, facility.staffToken);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/declined/);
    expect(JSON.stringify(refused.body)).not.toContain('Umber');
    // The consent stands (current, not revoked) but no longer names the patient to this facility.
    const listed = await consentsAs(referral.id, facility.staffToken);
    expect(listed.body.map((item) => item.id)).toEqual([consent.id]);
    expect(listed.body[0]).not.toHaveProperty('patientName');
    expect(listed.body[0]!.revokedAt).toBeNull();

    const reads = await auditOf(referral.id, 'read-patient-details');
    expect(reads.map((entry) => entry.outcome)).toEqual(['allowed', 'denied']);
    expect(reads[1]).toMatchObject({ actorRole: 'facility-staff', facilityId: facility.id, detail: expect.stringMatching(/declined/) });
  });

  it('after the planner changes the details, the facility still sees the version its consent was given for', async () => {
    const { referral } = await sentReferral();
    const first = await recordPatient(referral.id, { givenName: 'Vale', familyName: 'Before', phone: '307-555-0101' });
    expect(first).toBe(1);
    const consent = await recordConsent(referral.id, ['name', 'phone']);
    expect(consent.patientDetailsVersion).toBe(1);
    const second = await recordPatient(referral.id, { givenName: 'Vale', familyName: 'After', phone: '307-555-0202' });
    expect(second).toBe(2);

    const disclosed = await patientAs(referral.id, facility.staffToken);
    expect(disclosed.status).toBe(200);
    expect(disclosed.body.patient).toEqual({ name: { given: 'Vale', family: 'Before' }, phone: '307-555-0101' });
    expect(disclosed.body.patientDetailsVersion).toBe(1);
    expect(JSON.stringify(disclosed.body)).not.toContain('After');
    expect(JSON.stringify(disclosed.body)).not.toContain('307-555-0202');

    const latest = await patientAs(referral.id, planner);
    expect(latest.body.patient).toMatchObject({ name: { given: 'Vale', family: 'After' }, phone: '307-555-0202' });
    expect(latest.body.patientDetailsVersion).toBe(2);

    // A consent the patient gives now covers the new details.
    const renewed = await recordConsent(referral.id, ['name']);
    expect(renewed.patientDetailsVersion).toBe(2);
  });

  it('every disclosure to a facility carries the notice prohibiting redisclosure (42 CFR 2.32)', async () => {
    const { referral } = await sentReferral();
    await recordPatient(referral.id, { givenName: 'Wren', familyName: 'Notice' });
    await recordConsent(referral.id, ['name']);

    const disclosed = await patientAs(referral.id, facility.staffToken);
    expect(disclosed.status).toBe(200);
    const notice = disclosed.body.redisclosureNotice ?? '';
    expect(notice).toMatch(
      /^This record which has been disclosed to you is protected by Federal confidentiality rules \(42 CFR part 2\)\./,
    );
    expect(notice).toContain('These rules prohibit you from using or disclosing this record');
    expect(notice).toContain('42 CFR 2.12(c)(5)');
    expect(notice).toContain('45 CFR part 164, subparts A and E');
    expect(notice).toMatch(/A general authorization for the release of medical or other information is NOT sufficient/);
    expect(notice).toMatch(/\(see 42 CFR 2\.31\)\.$/);
    // The referring planner is not a recipient: no notice.
    expect((await patientAs(referral.id, planner)).body.redisclosureNotice).toBeUndefined();
  });

  it('every read of the consent list, allowed or refused, is in the audit log', async () => {
    const { referral } = await sentReferral();
    await recordPatient(referral.id, { givenName: 'Yarrow', familyName: 'Audited' });
    const consent = await recordConsent(referral.id, ['name']);

    expect((await consentsAs(referral.id, facility.staffToken)).status).toBe(200);
    expect((await consentsAs(referral.id, planner)).status).toBe(200);
    // Staff of a facility it was not sent to do not learn the referral exists, and the attempt is on record.
    expect((await consentsAs(referral.id, other.staffToken)).status).toBe(404);

    const reads = await auditOf(referral.id, 'read-consents');
    expect(reads.map((entry) => [entry.actorRole, entry.outcome])).toEqual([
      ['facility-staff', 'allowed'],
      ['planner', 'allowed'],
      ['facility-staff', 'denied'],
    ]);
    expect(reads[0]).toMatchObject({ facilityId: facility.id, fields: ['name'], detail: expect.stringContaining(consent.id) });
    expect(JSON.stringify(reads)).not.toContain('Yarrow');
    expect((await api('GET', `/api/audit?action=read-consents`, undefined, planner)).status).toBe(403);
  });
});
