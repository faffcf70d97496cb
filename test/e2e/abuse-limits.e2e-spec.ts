import { randomUUID } from 'node:crypto';
import { api, eventually, GATEWAY_URL, signInAs, signInAsAdmin } from '../support/system-under-test.js';
import { createTestFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

// One planner must not hold every free bed in a region, nor every live-update stream: the caps on open
// tasks (per referral and per organisation) and on streams per account. The caps are the service's as
// `npm test` starts it (deploy/local/test.mjs), with the defaults of apps/referral-service/src/referral.config.ts.
const PER_REFERRAL = Number(process.env.MAX_OPEN_TASKS_PER_REFERRAL ?? 5);
const PER_ORGANIZATION = Number(process.env.MAX_OPEN_TASKS_PER_ORGANIZATION ?? 200);
const STREAMS = Number(process.env.MAX_STREAMS_PER_ACCOUNT ?? 10);
const AWAITING_ANSWER = ['requested', 'received', 'on-hold'];

const LEVEL = 'detox-residential';

interface Task {
  id: string;
  facilityId: string;
  status: string;
  hold: { status: string };
}
interface Referral {
  id: string;
  matches: { facilityId: string }[];
  tasks: Task[];
}
interface Bed {
  levelOfCare: string;
  available: number;
  held: number;
}

let adminToken: string;

beforeAll(async () => {
  adminToken = await signInAsAdmin();
});

/** `count` facilities near Yellowstone with `available` beds each, speaking a language only this spec's facilities speak. */
async function facilitiesSpeaking(language: string, count: number, available: number): Promise<string[]> {
  const created = await Promise.all(
    Array.from({ length: count }, () =>
      createTestFacility(
        { name: uniqueName('E2E Mammoth Springs Recovery'), programs: [{ levelOfCare: LEVEL }], languages: ['english', language] },
        [{ levelOfCare: LEVEL, staffed: 8, available }],
        adminToken,
      ),
    ),
  );
  return created.map((facility) => facility.id);
}

/** Submits a referral near Yellowstone and waits until the matcher offers every facility named. */
function referralMatching(planner: string, language: string, facilityIds: string[]): Promise<Referral> {
  return eventually(async () => {
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: LEVEL,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: 'male', ageYears: 38, substances: ['alcohol'], language },
      },
      planner,
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.matches.map((match) => match.facilityId)).toEqual(expect.arrayContaining(facilityIds));
    return submitted.body;
  }, 20_000);
}

function sendTo(referral: Referral, facilityIds: string[], planner: string) {
  return api<Referral & { message?: string }>('POST', `/api/referrals/${referral.id}/tasks`, { facilityIds }, planner);
}

async function openTasksOf(referral: Referral, planner: string): Promise<Task[]> {
  const read = await api<Referral>('GET', `/api/referrals/${referral.id}`, undefined, planner);
  expect(read.status).toBe(200);
  return read.body.tasks.filter((task) => AWAITING_ANSWER.includes(task.status));
}

async function bedsOf(facilityId: string): Promise<Bed> {
  const read = await api<{ beds: Bed[] }>('GET', `/api/facilities/${facilityId}`);
  return read.body.beds.find((bed) => bed.levelOfCare === LEVEL)!;
}

describe('how many beds one referral may hold at once', () => {
  const LANGUAGE = 'yupik';
  let facilityIds: string[];

  beforeAll(async () => {
    // One facility more than a referral may hold beds at, each with beds for two referrals and one to spare.
    facilityIds = await facilitiesSpeaking(LANGUAGE, PER_REFERRAL + 1, 3);
  });

  it('refuses a referral one facility more than the cap with 409 and the reason, and no task or hold appears', async () => {
    const planner = await signInAs('planner', [], `E2E Hospital ${randomUUID()}`);
    const referral = await referralMatching(planner, LANGUAGE, facilityIds);
    const first = await sendTo(referral, facilityIds.slice(0, 3), planner);
    expect(first.status).toBe(201);
    // The rest up to the cap: the facilities already holding a bed count.
    const upToCap = await sendTo(referral, facilityIds.slice(0, PER_REFERRAL), planner);
    expect(upToCap.status).toBe(201);
    expect(await openTasksOf(referral, planner)).toHaveLength(PER_REFERRAL);

    const extra = facilityIds[PER_REFERRAL]!;
    const refused = await sendTo(referral, [extra], planner);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`this referral already has ${PER_REFERRAL} facilities holding a bed; wait for answers or cancel one`);
    const read = await api<Referral>('GET', `/api/referrals/${referral.id}`, undefined, planner);
    expect(read.body.tasks).toHaveLength(PER_REFERRAL);
    expect(read.body.tasks.map((task) => task.facilityId)).not.toContain(extra);
    // Give a stray hold time to arrive: none does, the facility keeps all its beds.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await bedsOf(extra)).toMatchObject({ available: 3, held: 0 });
  });

  it('two sends at the same moment that together pass the cap: one goes through, the other is refused', async () => {
    const planner = await signInAs('planner', [], `E2E Hospital ${randomUUID()}`);
    const referral = await referralMatching(planner, LANGUAGE, facilityIds);
    const half = Math.ceil((PER_REFERRAL + 1) / 2);
    const answers = await Promise.all([
      sendTo(referral, facilityIds.slice(0, half), planner),
      sendTo(referral, facilityIds.slice(half, PER_REFERRAL + 1), planner),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.message).toMatch(
      /^this referral already has \d+ facilit(y|ies) holding a bed/,
    );
    const open = await openTasksOf(referral, planner);
    expect(open.length).toBeLessThanOrEqual(PER_REFERRAL);
    expect(open).toHaveLength(answers.find((answer) => answer.status === 201)!.body.tasks.length);
  });
});

describe('how many beds one organisation may hold at once', () => {
  const LANGUAGE = 'ojibwa';

  it('sends from several referrals at the same moment never take the organisation past its cap', async () => {
    // Needs a small cap: deploy/local/test.mjs starts the service with MAX_OPEN_TASKS_PER_ORGANIZATION=8.
    if (PER_ORGANIZATION > 20) throw new Error(`MAX_OPEN_TASKS_PER_ORGANIZATION is ${PER_ORGANIZATION}; this spec needs 20 or less`);
    const width = Math.min(PER_REFERRAL, 5);
    const fillers = Math.ceil((PER_ORGANIZATION - 1) / width);
    const racers = 3;
    // Every facility can hold a bed for every referral of this test.
    const facilityIds = await facilitiesSpeaking(LANGUAGE, width, fillers + racers);
    const organization = `E2E Hospital ${randomUUID()}`;
    const planners = await Promise.all([1, 2].map(() => signInAs('planner', [], organization)));
    const referrals = await Promise.all(
      Array.from({ length: fillers + racers }, (_, index) => referralMatching(planners[index % 2]!, LANGUAGE, facilityIds)),
    );

    // One short of the cap, from as many referrals as that takes.
    let left = PER_ORGANIZATION - 1;
    for (const [index, referral] of referrals.slice(0, fillers).entries()) {
      const sent = await sendTo(referral, facilityIds.slice(0, Math.min(width, left)), planners[index % 2]!);
      expect(sent.status).toBe(201);
      left -= Math.min(width, left);
    }

    // Each racer alone would fit only if it were alone: two facilities each, one place left.
    const answers = await Promise.all(
      referrals.slice(fillers).map((referral, index) => sendTo(referral, facilityIds.slice(0, 2), planners[(fillers + index) % 2]!)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([409, 409, 409]);
    for (const answer of answers) {
      expect(answer.body.message).toBe(
        `your organisation already has ${PER_ORGANIZATION - 1} facilities holding a bed across its referrals and may have at most ` +
          `${PER_ORGANIZATION}; send to at most 1 more, or wait for answers or cancel some`,
      );
    }

    // One facility each: exactly one of the racers gets the last place.
    const lastPlace = await Promise.all(
      referrals.slice(fillers).map((referral, index) => sendTo(referral, facilityIds.slice(0, 1), planners[(fillers + index) % 2]!)),
    );
    expect(lastPlace.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    expect(lastPlace.find((answer) => answer.status === 409)!.body.message).toMatch(
      new RegExp(`^your organisation already has ${PER_ORGANIZATION} facilities holding a bed across its referrals, the most allowed`),
    );
    let open = 0;
    for (const [index, referral] of referrals.entries()) open += (await openTasksOf(referral, planners[index % 2]!)).length;
    expect(open).toBe(PER_ORGANIZATION);
  });
});

describe('how many live-update streams one account may have open', () => {
  interface OpenStream {
    status: number;
    message?: string;
    close(): void;
  }

  /** Opens GET /api/referrals/{id}/events; an open stream stays open until closed. */
  async function openStream(referralId: string, token: string): Promise<OpenStream> {
    const controller = new AbortController();
    const response = await fetch(`${GATEWAY_URL}/api/referrals/${referralId}/events`, {
      signal: controller.signal,
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) {
      const body = (await response.json()) as { message?: string };
      return { status: response.status, message: body.message, close: () => undefined };
    }
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    return { status: 200, close: () => controller.abort() };
  }

  it('refuses the next stream of an account with all its streams open (429), not another account; closing one frees a place', async () => {
    const organization = `E2E Hospital ${randomUUID()}`;
    const planner = await signInAs('planner', [], organization);
    const colleague = await signInAs('planner', [], organization);
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: LEVEL,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: 'male', ageYears: 38, substances: ['alcohol'] },
      },
      planner,
    );
    // 202 while the matcher is still at it: the stream is there either way.
    expect([201, 202]).toContain(submitted.status);
    const referralId = submitted.body.id;

    const streams: OpenStream[] = [];
    try {
      streams.push(...(await Promise.all(Array.from({ length: STREAMS }, () => openStream(referralId, planner)))));
      expect(streams.map((stream) => stream.status)).toEqual(streams.map(() => 200));

      const refused = await openStream(referralId, planner);
      expect(refused.status).toBe(429);
      expect(refused.message).toBe(
        `this account already has ${STREAMS} live-update streams open, the most allowed at once; ` +
          'close one (for example a browser tab showing a referral) and try again',
      );
      // Another account of the same organisation still gets its stream.
      const colleagues = await openStream(referralId, colleague);
      streams.push(colleagues);
      expect(colleagues.status).toBe(200);

      // A stream the client closes frees its place (the service learns of it a moment later).
      streams[0]!.close();
      const reopened = await eventually(async () => {
        const stream = await openStream(referralId, planner);
        expect(stream.status).toBe(200);
        return stream;
      });
      streams.push(reopened);
      expect((await openStream(referralId, planner)).status).toBe(429);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
