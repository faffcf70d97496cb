import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { api, eventually, signInAs, signInAsAdmin } from '../support/system-under-test.js';
import { createTestFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

const LEVEL = 'detox-residential';
// Near Yellowstone (ZIP) only the facilities the specs make offer anything, and none an opioid treatment program.
const UNOFFERED_LEVEL = 'opioid-treatment-program';

interface Task {
  id: string;
  facilityId: string;
  status: string;
}
interface Referral {
  id: string;
  matchStatus: string;
  outcome: string;
  matches: { facilityId: string }[];
  tasks: Task[];
}
interface History {
  items: Referral[];
  total: number;
}
interface Figures {
  referrals: number;
  outcomes: { outcome: string; count: number }[];
  timeToAcceptance: { referrals: number; medianMinutes: number | null; p90Minutes: number | null };
  timeToAdmission: { referrals: number; medianMinutes: number | null; p90Minutes: number | null };
  facilities: { facilityId: string; sent: number; accepted: number; declined: number; acceptanceRate: number; declineRate: number }[];
  declineReasons: { reason: string; count: number }[];
  unmetDemand: {
    referrals: number;
    byLevelOfCare: { levelOfCare: string; count: number }[];
    byState: { state: string | null; count: number }[];
  };
}

// A language only this spec's facilities speak keeps other specs' facilities out of its ten matches.
const LANGUAGE = 'polish';

let adminToken: string;

function facilityWithBeds(): Promise<{ id: string; staffToken: string }> {
  return createTestFacility(
    { name: uniqueName('E2E Lamar Valley Recovery'), programs: [{ levelOfCare: LEVEL }], languages: ['english', LANGUAGE] },
    [{ levelOfCare: LEVEL, staffed: 8, available: 4 }],
    adminToken,
  );
}

/** Submits a referral near Yellowstone once the matcher offers every facility named. */
async function referralMatching(planner: string, facilityIds: string[]): Promise<Referral> {
  return eventually(async () => {
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: LEVEL,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: 'male', ageYears: 52, substances: ['alcohol'], language: LANGUAGE },
      },
      planner,
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.matches.map((match) => match.facilityId)).toEqual(expect.arrayContaining(facilityIds));
    return submitted.body;
  }, 20_000);
}

async function sendTo(planner: string, referral: Referral, facilityId: string): Promise<Task> {
  const sent = await api<Referral>('POST', `/api/referrals/${referral.id}/tasks`, { facilityIds: [facilityId] }, planner);
  expect(sent.status).toBe(201);
  return sent.body.tasks.find((task) => task.facilityId === facilityId)!;
}

async function answer(staffToken: string, referral: Referral, task: Task, action: string, body: object = {}): Promise<Referral> {
  const answered = await api<Referral>('POST', `/api/referrals/${referral.id}/tasks/${task.id}/${action}`, body, staffToken);
  expect(answered.status).toBe(200);
  return answered.body;
}

const query = (filters: Record<string, string>): string => new URLSearchParams(filters).toString();

async function historyIds(filters: Record<string, string>): Promise<string[]> {
  const page = await api<History>('GET', `/api/placements?${query({ ...filters, pageSize: '200' })}`, undefined, adminToken);
  expect(page.status).toBe(200);
  return page.body.items.map((item) => item.id);
}

async function figures(filters: Record<string, string>): Promise<Figures> {
  const read = await api<Figures>('GET', `/api/placements/figures?${query(filters)}`, undefined, adminToken);
  expect(read.status).toBe(200);
  return read.body;
}

beforeAll(async () => {
  adminToken = await signInAsAdmin();
});

describe('placement history and analytics for admins', () => {
  it('reflects referrals made, sent, answered and unmatched through the API in the history, the export and the figures', async () => {
    const unmetBefore = await figures({ levelOfCare: UNOFFERED_LEVEL, state: 'WY' });
    const from = new Date(Date.now() - 1_000).toISOString();
    const admitting = await facilityWithBeds();
    const declining = await facilityWithBeds();
    const planner = await signInAs('planner', [], `E2E Hospital ${randomUUID()}`);

    // One referral placed and admitted, one declined for want of capacity, one that found no bed.
    const placed = await referralMatching(planner, [admitting.id, declining.id]);
    const placedTask = await sendTo(planner, placed, admitting.id);
    await answer(admitting.staffToken, placed, placedTask, 'accept');
    const admitted = await answer(admitting.staffToken, placed, placedTask, 'admit');
    expect(admitted.outcome).toBe('admitted');

    const declined = await referralMatching(planner, [declining.id]);
    const declinedTask = await sendTo(planner, declined, declining.id);
    expect((await answer(declining.staffToken, declined, declinedTask, 'decline', { reason: 'no-capacity' })).outcome).toBe('declined');

    // Submitted once (a retry would add a second unmet referral); a slow matcher answers 202 and is waited for.
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: UNOFFERED_LEVEL,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 5,
        needs: { gender: 'female', ageYears: 29, substances: ['stimulants'] },
      },
      planner,
    );
    expect([201, 202]).toContain(submitted.status);
    const unmatched = await eventually(async () => {
      const read = await api<Referral>('GET', `/api/referrals/${submitted.body.id}`, undefined, planner);
      expect(read.body.matchStatus).not.toBe('matching');
      return read.body;
    });
    expect(unmatched).toMatchObject({ matchStatus: 'no-match', outcome: 'no-match' });
    // The window closes now: other specs keep referring patients near Yellowstone, and the reads below must agree.
    const to = new Date(Date.now() + 1).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const window = { from, to };

    // History: each filter finds what it should and leaves out the rest.
    const listed = await api<History>('GET', `/api/placements?${query({ ...window, facilityId: admitting.id })}`, undefined, adminToken);
    expect(listed.body.items.find((item) => item.id === placed.id)).toMatchObject({
      outcome: 'admitted',
      tasks: [{ facilityId: admitting.id, status: 'in-progress' }],
    });
    // Sent to or matched with: both referrals matched both facilities.
    expect(await historyIds({ ...window, facilityId: declining.id })).toEqual(expect.arrayContaining([placed.id, declined.id]));
    expect(await historyIds({ ...window, facilityId: randomUUID() })).toEqual([]);
    expect(await historyIds({ ...window, outcome: 'admitted' })).toEqual(expect.arrayContaining([placed.id]));
    const declinedIds = await historyIds({ ...window, outcome: 'declined', declineReason: 'no-capacity' });
    expect(declinedIds).toContain(declined.id);
    expect(declinedIds).not.toContain(placed.id);
    expect(await historyIds({ ...window, declineReason: 'payer' })).not.toContain(declined.id);
    const unmet = await historyIds({ ...window, state: 'WY', payer: 'medicaid', levelOfCare: UNOFFERED_LEVEL, outcome: 'no-match' });
    expect(unmet).toEqual([unmatched.id]);
    // Other specs running alongside may refer patients elsewhere, so only this spec's referrals are asserted absent.
    const kentucky = await historyIds({ ...window, state: 'KY' });
    expect(kentucky.filter((id) => [placed.id, declined.id, unmatched.id].includes(id))).toEqual([]);

    // Export: the same selection as CSV, one row per referral, no patient identity.
    const csv = await api<string>('GET', `/api/placements/export.csv?${query({ ...window, state: 'WY' })}`, undefined, adminToken);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="placements.csv"/);
    const rows: Record<string, string>[] = parse(csv.body, { columns: true });
    expect(Object.keys(rows[0]!)).not.toContain('patientZip');
    expect(rows.map((row) => row.id)).toEqual(await historyIds({ ...window, state: 'WY' }));
    const placedRow = rows.find((row) => row.id === placed.id)!;
    expect(placedRow).toMatchObject({
      outcome: 'admitted',
      state: 'WY',
      levelOfCare: LEVEL,
      placedFacilityId: admitting.id,
      declinedBy: '0',
    });
    expect(Number(placedRow.minutesToAcceptance)).toBeGreaterThanOrEqual(0);
    expect(Number(placedRow.minutesToAdmission)).toBeGreaterThanOrEqual(Number(placedRow.minutesToAcceptance));
    expect(rows.find((row) => row.id === declined.id)).toMatchObject({
      outcome: 'declined',
      placedFacilityId: '',
      declinedBy: '1',
      minutesToAcceptance: '',
    });
    expect(rows.find((row) => row.id === unmatched.id)).toMatchObject({ outcome: 'no-match', levelOfCare: UNOFFERED_LEVEL });

    // Figures over the facilities made here: their answers, the decline reason, the times.
    const atAdmitting = await figures({ ...window, facilityId: admitting.id });
    expect(atAdmitting.facilities.find((row) => row.facilityId === admitting.id)).toMatchObject({
      sent: 1,
      accepted: 1,
      declined: 0,
      acceptanceRate: 1,
    });
    expect(atAdmitting.timeToAcceptance).toMatchObject({ referrals: 1, medianMinutes: Number(placedRow.minutesToAcceptance) });
    expect(atAdmitting.timeToAdmission).toMatchObject({ referrals: 1, medianMinutes: Number(placedRow.minutesToAdmission) });
    const atDeclining = await figures({ ...window, facilityId: declining.id });
    expect(atDeclining.facilities.find((row) => row.facilityId === declining.id)).toMatchObject({
      sent: 1,
      accepted: 0,
      declined: 1,
      declineRate: 1,
    });
    expect(atDeclining.declineReasons).toEqual([{ reason: 'no-capacity', count: 1 }]);
    const unmetAfter = await figures({ levelOfCare: UNOFFERED_LEVEL, state: 'WY' });
    expect(unmetAfter.unmetDemand.referrals - unmetBefore.unmetDemand.referrals).toBe(1);
    const wyoming = (figure: Figures): number => figure.unmetDemand.byState.find((row) => row.state === 'WY')?.count ?? 0;
    expect(wyoming(unmetAfter) - wyoming(unmetBefore)).toBe(1);
  });

  it('refuses bad filters with the field and the reason', async () => {
    for (const path of ['/api/placements', '/api/placements/export.csv', '/api/placements/figures']) {
      for (const [filters, field] of [
        [{ outcome: 'placed' }, 'outcome'],
        [{ state: 'Wyoming' }, 'state'],
        [{ declineReason: 'too-busy' }, 'declineReason'],
        [{ payer: 'cash' }, 'payer'],
        [{ facilityId: 'not-a-uuid' }, 'facilityId'],
        [{ from: '2026-02-01', to: '2026-01-01' }, 'to'],
        [{ from: 'yesterday' }, 'from'],
      ] as const) {
        const refused = await api<{ errors: { field: string; reason: string }[] }>(
          'GET',
          `${path}?${query(filters)}`,
          undefined,
          adminToken,
        );
        expect([path, refused.status]).toEqual([path, 400]);
        expect(refused.body.errors.map((error) => error.field)).toEqual([field]);
      }
    }
    expect((await api('GET', '/api/placements/export.csv?page=2', undefined, adminToken)).status).toBe(400);
  });

  it('is for admins only', async () => {
    const planner = await signInAs('planner', [], `E2E Hospital ${randomUUID()}`);
    for (const path of ['/api/placements', '/api/placements/export.csv', '/api/placements/figures']) {
      expect((await api('GET', path)).status).toBe(401);
      expect((await api('GET', path, undefined, planner)).status).toBe(403);
    }
  });
});
