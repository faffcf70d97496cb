import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Topic } from '#contracts';
import { type ReceivedMessage, tailTopic } from '../support/kafka-tail.js';
import { api, eventually, GATEWAY_URL, kafkaClient, signInAs } from '../support/system-under-test.js';
import { testFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

// Thousands of malformed requests and events, generated from a fixed seed so a failure replays. Each
// must be refused clearly — HTTP 400/401/403/413, or the dead-letter topic with a reason — and the
// stored data must be exactly as before.

const SEED = 20261124;
const HTTP_CASES = 1600;
const KAFKA_CASES = 1000;
const REFUSALS = [400, 401, 403, 413];

type Who = 'none' | 'planner' | 'staff' | 'admin' | 'forged';
interface Target {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly who: Who;
  /** A valid body the mutations start from, so they probe near the edge of what is accepted. */
  readonly body: Record<string, unknown>;
}
interface Case {
  readonly target: Target;
  readonly who: Who;
  readonly contentType: string;
  readonly payload: string;
  readonly description: string;
}

let facilityId: string;
let referralId: string;
let taskId: string;
const tokens: Record<Who, string | undefined> = {
  none: undefined,
  planner: undefined,
  staff: undefined,
  admin: undefined,
  forged: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged',
};

function targets(): Target[] {
  // Only required fields: dropping any one of them must make the body invalid.
  const referral = {
    levelOfCare: 'detox-residential',
    payer: 'medicaid',
    patientZip: ZIP,
    needs: { gender: 'male', ageYears: 30, substances: ['alcohol'] },
  };
  return [
    { method: 'POST', path: '/api/referrals', who: 'planner', body: referral },
    { method: 'POST', path: `/api/referrals/${referralId}/tasks`, who: 'planner', body: { facilityIds: [facilityId] } },
    { method: 'POST', path: `/api/referrals/${referralId}/tasks/${taskId}/decline`, who: 'staff', body: { reason: 'other', note: 'x' } },
    {
      method: 'PUT',
      path: `/api/referrals/${referralId}/patient`,
      who: 'planner',
      body: { givenName: 'Fuzz', familyName: 'Case', birthDate: '1980-02-02' },
    },
    {
      method: 'POST',
      path: `/api/referrals/${referralId}/consents`,
      who: 'planner',
      body: {
        recipientFacilityId: facilityId,
        purpose: 'treatment-referral',
        disclosedFields: ['name'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
    {
      method: 'PUT',
      path: `/api/facilities/${facilityId}/capacity`,
      who: 'staff',
      body: { beds: [{ levelOfCare: 'detox-residential', staffed: 5, available: 2 }] },
    },
    {
      method: 'PUT',
      path: `/api/facilities/${facilityId}/insurance`,
      who: 'staff',
      body: { payers: ['medicaid'], privateInsurancePlans: [] },
    },
    {
      method: 'POST',
      path: '/api/accounts',
      who: 'admin',
      body: { email: 'fuzz@test.example', displayName: 'Fuzz', role: 'planner', password: 'a-long-enough-password' },
    },
    { method: 'POST', path: '/api/auth/token', who: 'none', body: { email: 'nobody@test.example', password: 'wrong-password-here' } },
  ];
}

/** A value of another JSON type than `original`. */
function otherType(original: unknown): fc.Arbitrary<unknown> {
  const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  return fc
    .oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.jsonValue(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
    )
    .filter((value) => kind(value) !== kind(original));
}

function caseFor(target: Target): fc.Arbitrary<Case> {
  const keys = Object.keys(target.body);
  const json = (body: unknown) => JSON.stringify(body);
  const ok = (payload: string, description: string, who: Who = target.who, contentType = 'application/json') =>
    ({ target, who, contentType, payload, description }) satisfies Case;
  return fc.oneof(
    fc.constantFrom(...keys).map((key) => {
      const { [key]: _dropped, ...rest } = target.body;
      return ok(json(rest), `without ${key}`);
    }),
    fc
      .constantFrom(...keys)
      .chain((key) =>
        otherType(target.body[key]).map((value) => ok(json({ ...target.body, [key]: value }), `${key} = ${json(value)?.slice(0, 60)}`)),
      ),
    fc.string({ minLength: 1, maxLength: 20 }).map((key) => ok(json({ ...target.body, [`x_${key}`]: 1 }), `unknown field x_${key}`)),
    fc
      .jsonValue({ maxDepth: 3 })
      .filter((value) => json(value) !== json(target.body))
      .map((value) => ok(json(value), `random JSON ${json(value)?.slice(0, 60)}`)),
    fc.integer({ min: 1, max: json(target.body).length - 1 }).map((cut) => ok(json(target.body).slice(0, cut), `JSON cut at ${cut}`)),
    fc.constant(ok(json({ ...target.body, padding: 'x'.repeat(70_000) }), 'a 70 kB body')),
    fc.constant(ok(json(target.body), 'as text/plain', target.who, 'text/plain')).map((c) => ({ ...c, payload: 'not json at all' })),
    fc
      .constantFrom<Who>('none', 'forged')
      .map((who) => ok(json(target.body), `valid body, ${who === 'none' ? 'no' : 'forged'} token`, who)),
    // A role the endpoint (or the facility rule) does not allow; sign-in is public, so it has none.
    fc.constant(
      target.who === 'none'
        ? ok(json(target.body), 'valid body, forged token', 'forged')
        : ok(json(target.body), 'valid body, wrong role', target.who === 'planner' ? 'staff' : 'planner'),
    ),
  );
}

let signIns = 0;

async function send(testCase: Case): Promise<number> {
  // Sign-in attempts are limited per account: every case guesses at an account of its own.
  const payload = testCase.payload.replaceAll('nobody@test.example', () => `nobody-${(signIns += 1)}@test.example`);
  const headers: Record<string, string> = { 'content-type': testCase.contentType };
  const token = tokens[testCase.who];
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${GATEWAY_URL}${testCase.target.path}`, { method: testCase.target.method, headers, body: payload });
  await response.arrayBuffer();
  return response.status;
}

/** What the fuzzing must leave alone, read back in full. */
async function storedState(): Promise<unknown> {
  const admin = tokens.admin!;
  const [referrals, facility, history, audit, accounts, referral] = await Promise.all([
    api<{ total: number }>('GET', '/api/placements?pageSize=1', undefined, admin),
    api('GET', `/api/facilities/${facilityId}`),
    api<{ total: number }>('GET', `/api/facilities/${facilityId}/history?pageSize=1`, undefined, admin),
    api<{ total: number }>('GET', `/api/audit?pageSize=1`, undefined, admin),
    api<unknown[]>('GET', '/api/accounts', undefined, admin),
    api('GET', `/api/referrals/${referralId}`, undefined, admin),
  ]);
  return {
    referrals: referrals.body.total,
    facility: facility.body,
    history: history.body.total,
    audit: audit.body.total,
    accounts: accounts.body.length,
    referral: referral.body,
  };
}

beforeAll(async () => {
  tokens.admin = await signInAs('admin');
  const created = await api<{ id: string }>('POST', '/api/facilities', testFacility({ name: uniqueName('E2E Fuzz Center') }), tokens.admin);
  facilityId = created.body.id;
  tokens.planner = await signInAs('planner', [], `E2E Fuzz Hospital ${randomUUID()}`);
  tokens.staff = await signInAs('facility-staff', [facilityId]);
  expect(
    (
      await api(
        'PUT',
        `/api/facilities/${facilityId}/capacity`,
        { beds: [{ levelOfCare: 'detox-residential', staffed: 9, available: 9 }] },
        tokens.staff,
      )
    ).status,
  ).toBe(200);
  for (let attempt = 0; attempt < 40 && !referralId; attempt += 1) {
    const submitted = await api<{ id: string; matches: { facilityId: string }[] }>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: 'male', ageYears: 30, substances: ['alcohol'] },
      },
      tokens.planner,
    );
    if (submitted.body.matches.some((match) => match.facilityId === facilityId)) referralId = submitted.body.id;
    else await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const sent = await api<{ tasks: { id: string; facilityId: string }[] }>(
    'POST',
    `/api/referrals/${referralId}/tasks`,
    { facilityIds: [facilityId] },
    tokens.planner,
  );
  taskId = sent.body.tasks.find((task) => task.facilityId === facilityId)!.id;
  // Accepted, so no hold runs out (or escalates) while the spec compares what is stored.
  expect((await api('POST', `/api/referrals/${referralId}/tasks/${taskId}/accept`, {}, tokens.staff)).status).toBe(200);
  await eventually(async () => {
    const read = await api<{ tasks: { hold: { status: string } }[] }>('GET', `/api/referrals/${referralId}`, undefined, tokens.planner);
    expect(read.body.tasks[0]!.hold.status).toBe('converted');
  });
});

describe('fuzzing the public API and the event consumers', () => {
  // 100 batches of 16 through the gateway: well under a minute on an idle two-core machine, more under load.
  it(`refuses ${HTTP_CASES} malformed requests with 400, 401, 403 or 413, and changes nothing`, async () => {
    const before = await storedState();
    const cases = fc.sample(fc.constantFrom(...targets()).chain(caseFor), { numRuns: HTTP_CASES, seed: SEED });
    const wrong: string[] = [];
    const seen = new Map<number, number>();
    for (let start = 0; start < cases.length; start += 16) {
      const batch = cases.slice(start, start + 16);
      const statuses = await Promise.all(batch.map(send));
      statuses.forEach((status, index) => {
        seen.set(status, (seen.get(status) ?? 0) + 1);
        const testCase = batch[index]!;
        if (!REFUSALS.includes(status))
          wrong.push(`${status} ${testCase.target.method} ${testCase.target.path} as ${testCase.who}: ${testCase.description}`);
      });
    }
    expect(wrong).toEqual([]);
    // Every kind of refusal was exercised, and nothing got through.
    expect([...seen.keys()].sort()).toEqual(REFUSALS);
    expect(await storedState()).toEqual(before);
  }, 180_000);

  it('malformed query strings and path parameters: never a server error', async () => {
    const reads = fc.sample(
      fc.record({
        path: fc.constantFrom(
          '/api/facilities',
          '/api/placements',
          '/api/audit',
          `/api/inbox/${facilityId}`,
          '/api/referrals',
          `/api/facilities/${facilityId}/history`,
          '/api/referrals/',
        ),
        key: fc.constantFrom(
          'page',
          'pageSize',
          'state',
          'levelOfCare',
          'from',
          'to',
          'facilityId',
          'status',
          'outcome',
          'action',
          'zip',
          'name',
          'x',
        ),
        value: fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('-1', '0', '1e9', '%00', '[]', '2026-13-45', 'null')),
      }),
      { numRuns: 400, seed: SEED },
    );
    const wrong: string[] = [];
    for (const read of reads) {
      const url = read.path.endsWith('/')
        ? `${read.path}${encodeURIComponent(read.value)}`
        : `${read.path}?${read.key}=${encodeURIComponent(read.value)}`;
      const response = await api('GET', url, undefined, tokens.admin);
      if (response.status >= 500 || ![200, 400, 404].includes(response.status)) wrong.push(`${response.status} GET ${url}`);
    }
    expect(wrong).toEqual([]);
  });

  it(`parks ${KAFKA_CASES} malformed events on the dead-letter topic, each with its reason, and changes nothing`, async () => {
    const before = await storedState();
    const run = randomUUID().slice(0, 8);
    const consumed = [
      Topic.ReferralSubmitted,
      Topic.ReferralSubmittedV2,
      Topic.ReferralMatched,
      Topic.ReferralTask,
      Topic.ReferralTaskV1,
      Topic.BedHold,
      Topic.FacilityCapacity,
      Topic.FacilityProfile,
    ];
    const envelope = (topic: string, key: string, payload: unknown) =>
      JSON.stringify({
        eventId: randomUUID(),
        type: topic,
        occurredAt: new Date().toISOString(),
        producer: 'fuzz',
        key,
        sequence: 1,
        payload,
      });
    const events = fc.sample(
      fc.record({
        topic: fc.constantFrom(...consumed),
        shape: fc.oneof(
          fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: 'bytes', build: () => Buffer.from(bytes) })),
          fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json', build: () => JSON.stringify(value) })),
          fc
            .jsonValue({ maxDepth: 2 })
            .map((payload) => ({ kind: 'payload', build: (topic: string, key: string) => envelope(topic, key, payload) })),
          fc.constant({ kind: 'wrong-key', build: (topic: string) => envelope(topic, 'someone-else', {}) }),
          fc.constant({ kind: 'wrong-type', build: (_topic: string, key: string) => envelope('facility.unknown.v9', key, {}) }),
          fc.constant({ kind: 'empty', build: () => Buffer.alloc(0) }),
        ),
      }),
      { numRuns: KAFKA_CASES, seed: SEED },
    );
    const parked = await tailTopic(Topic.DeadLetter);
    const producer = kafkaClient().producer();
    await producer.connect();
    try {
      const messages = events.map((event, index) => {
        const key = `fuzz-${run}-${index}`;
        return { topic: event.topic, key, value: (event.shape.build as (topic: string, key: string) => Buffer | string)(event.topic, key) };
      });
      for (const topic of consumed) {
        await producer.send({
          topic,
          messages: messages.filter((message) => message.topic === topic).map(({ key, value }) => ({ key, value })),
        });
      }
      const arrived = new Map<string, ReceivedMessage>();
      await parked.waitFor((message) => {
        if (message.key?.startsWith(`fuzz-${run}-`)) arrived.set(message.key, message);
        return arrived.size >= messages.length;
      }, 90_000);
      const withoutReason = [...arrived.values()].filter((message) => !(message.headers['dlq-reason']?.length > 0));
      expect(withoutReason).toEqual([]);
      expect(new Set(messages.map((message) => message.key))).toEqual(new Set(arrived.keys()));
    } finally {
      await producer.disconnect();
      await parked.stop();
    }
    expect(await storedState()).toEqual(before);
  }, 180_000);
});
