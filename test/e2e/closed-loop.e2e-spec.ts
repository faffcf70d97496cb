import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Topic } from '#contracts';
import { type ReceivedMessage, tailTopic } from '../support/kafka-tail.js';
import { api, signInAs, signInAsAdmin } from '../support/system-under-test.js';
import { createTestFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

// Facilities made here, near Yellowstone (ZIP), where the national directory has none.

interface Task {
  id: string;
  facilityId: string;
  status: string;
  statusReason: string | null;
  statusNote: string | null;
  hold: { status: string };
}
interface Referral {
  id: string;
  matches: { facilityId: string }[];
  tasks: Task[];
  warnings: { code: string; text: string }[];
  followsReferralId: string | null;
}

// Every test facility sits near Yellowstone and the matcher lists ten: this spec's referrals ask for a
// language only its facilities speak, so better-stocked facilities of other specs cannot push them out.
const LANGUAGE = 'tagalog';

let adminToken: string;

function facilityOffering(levelOfCare: string): Promise<{ id: string; staffToken: string }> {
  return createTestFacility(
    { name: uniqueName(`E2E Lamar Valley ${levelOfCare}`), programs: [{ levelOfCare }], languages: ['english', LANGUAGE] },
    [{ levelOfCare, staffed: 6, available: 4 }],
    adminToken,
  );
}

async function sentReferral(
  planner: string,
  levelOfCare: string,
  facilityId: string,
  followsReferralId?: string,
): Promise<{ referral: Referral; task: Task }> {
  for (let attempt = 0; ; attempt += 1) {
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: 'female', ageYears: 33, substances: ['opioids'], language: LANGUAGE },
        ...(followsReferralId ? { followsReferralId } : {}),
      },
      planner,
    );
    expect(submitted.status).toBe(201);
    if (submitted.body.matches.some((match) => match.facilityId === facilityId)) {
      const sent = await api<Referral>('POST', `/api/referrals/${submitted.body.id}/tasks`, { facilityIds: [facilityId] }, planner);
      expect(sent.status).toBe(201);
      return { referral: sent.body, task: sent.body.tasks.find((task) => task.facilityId === facilityId)! };
    }
    // The matcher learns of a new facility over Kafka: try again shortly.
    if (attempt > 40) throw new Error(`facility ${facilityId} never matched`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  adminToken = await signInAsAdmin();
});

describe('a referral driven through its whole life', () => {
  it(
    'requested → received → on-hold → received → accepted → admitted → completed, ' + 'with a warning until the next level is under way',
    async () => {
      const detox = await facilityOffering('detox-residential');
      const residential = await facilityOffering('residential-short-term');
      const planner = await signInAs('planner', [], `E2E Hospital ${randomUUID()}`);
      const { referral, task } = await sentReferral(planner, 'detox-residential', detox.id);
      const act = (action: string, body: object = {}, token = detox.staffToken) =>
        api<Referral & { message?: string }>('POST', `/api/referrals/${referral.id}/tasks/${task.id}/${action}`, body, token);

      expect((await act('complete')).status).toBe(409);
      expect((await act('receive')).status).toBe(200);
      const noNote = await act('ask-for-information');
      expect(noNote.status).toBe(400);
      const asked = await act('ask-for-information', { note: 'Need the latest CIWA-Ar score' });
      expect(asked.body.tasks[0]).toMatchObject({ status: 'on-hold', statusNote: 'Need the latest CIWA-Ar score' });
      expect((await act('receive')).status).toBe(200);
      expect((await act('accept')).status).toBe(200);
      const admitted = await act('admit');
      expect(admitted.body.tasks[0]!.status).toBe('in-progress');

      // The highest-risk moment: in detox, nothing lined up after it.
      const warned = await api<Referral>('GET', `/api/referrals/${referral.id}`, undefined, planner);
      expect(warned.body.warnings.map((warning) => warning.code)).toEqual(['no-next-level']);
      const listed = await api<{ items: Referral[] }>('GET', '/api/referrals?pageSize=10', undefined, planner);
      expect(listed.body.items.find((item) => item.id === referral.id)?.warnings[0]?.code).toBe('no-next-level');

      const next = await sentReferral(planner, 'residential-short-term', residential.id, referral.id);
      expect(next.referral.followsReferralId).toBe(referral.id);
      const relieved = await api<Referral>('GET', `/api/referrals/${referral.id}`, undefined, planner);
      expect(relieved.body.warnings).toEqual([]);

      const completed = await act('complete');
      expect(completed.body.tasks[0]!.status).toBe('completed');
      const final = await act('cancel', {}, planner);
      expect(final.status).toBe(409);
      expect(final.body.message).toMatch(/completed, which is final/);
    },
  );

  it('a no-show fails the task with its reason; only the facility may record it, only the planner may cancel', async () => {
    const detox = await facilityOffering('detox-residential');
    const planner = await signInAs('planner', [], `E2E Hospital ${randomUUID()}`);
    const { referral, task } = await sentReferral(planner, 'detox-residential', detox.id);
    const path = `/api/referrals/${referral.id}/tasks/${task.id}`;
    expect((await api('POST', `${path}/accept`, {}, detox.staffToken)).status).toBe(200);
    expect((await api('POST', `${path}/no-show`, {}, planner)).status).toBe(403);
    expect((await api('POST', `${path}/cancel`, {}, detox.staffToken)).status).toBe(403);
    const noShow = await api<Referral>('POST', `${path}/no-show`, {}, detox.staffToken);
    expect(noShow.body.tasks[0]).toMatchObject({ status: 'failed', statusReason: 'no-show' });
  });
});

describe('consent gates every disclosure of patient details', () => {
  it('a facility sees exactly what the consent names, only while it stands; every read is audited', async () => {
    const facility = await facilityOffering('detox-residential');
    const other = await facilityOffering('detox-residential');
    const planner = await signInAs('planner', [], `E2E Hospital ${randomUUID()}`);
    const { referral } = await sentReferral(planner, 'detox-residential', facility.id);
    const familyName = `Testperson${randomUUID().slice(0, 8)}`;
    const taskEvents = await tailTopic(Topic.ReferralTask);
    try {
      const recorded = await api(
        'PUT',
        `/api/referrals/${referral.id}/patient`,
        { givenName: 'Avery', familyName, birthDate: '1991-03-04', phone: '307-555-0177', clinicalSummary: 'Opioid withdrawal, COWS 14' },
        planner,
      );
      expect(recorded.status).toBe(200);
      const badDate = await api<{ errors: { field: string }[] }>(
        'PUT',
        `/api/referrals/${referral.id}/patient`,
        { givenName: 'A', familyName: 'B', birthDate: '2999-01-01' },
        planner,
      );
      expect(badDate.body.errors[0]!.field).toBe('birthDate');

      const patientPath = `/api/referrals/${referral.id}/patient`;
      const before = await api<{ message: string }>('GET', patientPath, undefined, facility.staffToken);
      expect(before.status).toBe(403);
      expect(before.body.message).toMatch(/no valid consent/);
      // A facility the referral was not sent to does not even learn it exists.
      expect((await api('GET', patientPath, undefined, other.staffToken)).status).toBe(404);

      const consentBody = {
        recipientFacilityId: facility.id,
        purpose: 'treatment-referral',
        disclosedFields: ['name', 'birthDate'],
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      };
      const notAMatch = await api<{ errors: { field: string }[] }>(
        'POST',
        `/api/referrals/${referral.id}/consents`,
        { ...consentBody, recipientFacilityId: randomUUID() },
        planner,
      );
      expect(notAMatch.body.errors[0]!.field).toBe('recipientFacilityId');
      const expired = await api<{ errors: { field: string }[] }>(
        'POST',
        `/api/referrals/${referral.id}/consents`,
        { ...consentBody, expiresAt: '2020-01-01T00:00:00Z' },
        planner,
      );
      expect(expired.body.errors[0]!.field).toBe('expiresAt');
      const consent = await api<{ id: string; patientName: string; discloser: string }>(
        'POST',
        `/api/referrals/${referral.id}/consents`,
        consentBody,
        planner,
      );
      expect(consent.status).toBe(201);
      expect(consent.body.patientName).toBe(`Avery ${familyName}`);

      const disclosed = await api<{
        patient: Record<string, unknown>;
        disclosedFields: string[];
        consent: { id: string; recipientFacilityId: string };
      }>('GET', patientPath, undefined, facility.staffToken);
      expect(disclosed.status).toBe(200);
      expect(disclosed.body.patient).toEqual({ name: { given: 'Avery', family: familyName }, birthDate: '1991-03-04' });
      expect(disclosed.body.consent).toMatchObject({ id: consent.body.id, recipientFacilityId: facility.id });

      const inbox = await api<{ items: { referralId: string; consent: { id: string } | null; needs: object }[] }>(
        'GET',
        `/api/inbox/${facility.id}?status=requested,received`,
        undefined,
        facility.staffToken,
      );
      const item = inbox.body.items.find((entry) => entry.referralId === referral.id);
      expect(item?.consent?.id).toBe(consent.body.id);
      // Staff read the clinical needs the rules matched on: what the patient needs treatment for, and no court order;
      // the exact age stays in the API, only the events lose it.
      expect(item?.needs).toMatchObject({ ageYears: 33, substances: ['opioids'], courtOrder: null, startMedication: null });
      expect(JSON.stringify(inbox.body)).not.toContain(familyName);
      expect((await api('GET', `/api/inbox/${facility.id}`, undefined, other.staffToken)).status).toBe(403);
      expect((await api('GET', `/api/inbox/${facility.id}`, undefined, planner)).status).toBe(403);

      expect((await api('POST', `/api/referrals/${referral.id}/consents/${consent.body.id}/revoke`, {}, planner)).status).toBe(200);
      expect((await api('GET', patientPath, undefined, facility.staffToken)).status).toBe(403);

      const asAdmin = await api<{ patient: Record<string, unknown> }>('GET', patientPath, undefined, adminToken);
      expect(asAdmin.body.patient).toMatchObject({ phone: '307-555-0177', clinicalSummary: 'Opioid withdrawal, COWS 14' });

      const audit = await api<{ items: { action: string; outcome: string; actorRole: string; fields: string[] }[] }>(
        'GET',
        `/api/audit?referralId=${referral.id}&pageSize=50`,
        undefined,
        adminToken,
      );
      expect(audit.status).toBe(200);
      expect(audit.body.items.map((entry) => [entry.action, entry.outcome, entry.actorRole]).reverse()).toEqual([
        ['record-patient-details', 'allowed', 'planner'],
        ['read-patient-details', 'denied', 'facility-staff'],
        ['read-patient-details', 'denied', 'facility-staff'],
        ['record-consent', 'allowed', 'planner'],
        ['read-patient-details', 'allowed', 'facility-staff'],
        ['revoke-consent', 'allowed', 'planner'],
        ['read-patient-details', 'denied', 'facility-staff'],
        ['read-patient-details', 'allowed', 'admin'],
      ]);
      expect(audit.body.items.find((entry) => entry.outcome === 'allowed' && entry.actorRole === 'facility-staff')?.fields).toEqual([
        'name',
        'birthDate',
      ]);
      expect(JSON.stringify(audit.body)).not.toContain(familyName);
      expect((await api('GET', '/api/audit', undefined, planner)).status).toBe(403);

      // Kafka carries ids, clinical needs and the age band only, and no log line holds the patient's name.
      const requested: ReceivedMessage[] = [];
      const act = await api('POST', `/api/referrals/${referral.id}/tasks/${referral.tasks[0]!.id}/receive`, {}, facility.staffToken);
      expect(act.status).toBe(200);
      requested.push(await taskEvents.waitFor((message) => message.key === referral.id));
      expect(requested[0]!.value).not.toContain(familyName);
      expect(requested[0]!.value).not.toContain('1991-03-04');
      expect(JSON.parse(requested[0]!.value!)).toMatchObject({
        type: 'referral.task.v2',
        payload: { patient: { gender: 'female', ageBand: '26-64' } },
      });
      expect(requested[0]!.value).not.toContain('ageYears');
      const logs = resolve(process.cwd(), 'test/artifacts/logs');
      if (existsSync(logs)) {
        for (const file of readdirSync(logs)) expect(readFileSync(resolve(logs, file), 'utf8')).not.toContain(familyName);
      }
    } finally {
      await taskEvents.stop();
    }
  });
});
