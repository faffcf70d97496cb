import { randomUUID } from 'node:crypto';
import { Topic } from '#contracts';
import { type ReceivedMessage, tailTopic, type TopicTail } from '../support/kafka-tail.js';
import { api, eventually, signInAs, signInAsAdmin, signInAsPlanner } from '../support/system-under-test.js';
import { NEXT_YEAR } from '../support/test-facility.js';
import { TEST_SUBSTANCES } from '../support/test-referral.js';

/** A credential entered through the API as the registry keeps it: the facility's word, not yet reviewed (issue 15). */
const asEntered = (credential: object) => ({
  ...credential,
  verification: 'unverified',
  reviewedBy: null,
  reviewedAt: null,
  reviewNote: null,
});
/** The same as the facility.accreditation.v1 event carries it. */
const announced = (credential: object) => ({ ...credential, verification: 'unverified' });

interface Credential {
  type: string;
  status: string;
  effectiveStatus: string;
  expiresOn: string | null;
  identifier: string | null;
  issuer: string | null;
}

interface Bed {
  levelOfCare: string;
  bedType: string;
  staffed: number;
  available: number;
  opening24h: number;
  opening72h: number;
  waitlist: boolean;
  typicalWaitDays: number | null;
  confirmedAt: string;
  stale: boolean;
}

interface Facility {
  id: string;
  sourceRef: string | null;
  name: string;
  zip: string;
  latitude: number;
  longitude: number;
  programs: { levelOfCare: string; asamEdition?: number | null; asamLevel?: string | null }[];
  levelsOfCare: string[];
  medications: string[];
  medicationServices: string[];
  substancesNotTreated: string[];
  servesOnlyClientsWith: string[];
  withdrawalManaged: string[];
  operators: string[];
  supportServices: string[];
  languages: string[];
  payers: string[];
  privateInsurancePlans: string[];
  upfrontPaymentRequired: boolean | null;
  credentials: Credential[];
  beds: Bed[];
}

interface Change {
  aspect: string;
  sequence: number;
  previous: any;
  current: any;
  changedBy: string;
  changedAt: string;
}

interface Problems {
  statusCode: number;
  errors: { field: string; reason: string }[];
}

interface Envelope {
  eventId: string;
  type: string;
  key: string;
  sequence: number;
  payload: any;
}

type Listener = TopicTail;

const LEVEL = 'detox-residential';
const FACILITY_TOPICS = [Topic.FacilityProfile, Topic.FacilityCapacity, Topic.FacilityAccreditation, Topic.FacilityInsurance] as const;

/** What facility staff send to add a residential detox in downtown Louisville. */
function newFacility(name: string) {
  return {
    name,
    street: '600 W Main St',
    city: 'Louisville',
    state: 'KY',
    zip: '40202',
    phone: '502-555-0142',
    active: true,
    programs: [{ levelOfCare: LEVEL, asamEdition: 3, asamLevel: '3.7-WM', lengthOfStayDays: 7 }],
    medications: ['buprenorphine'],
    continuesExternalMedication: true,
    // What the directory would say of it: it prescribes buprenorphine and uses it for withdrawal, does
    // not treat stimulant use disorder, and manages alcohol, sedative and opioid withdrawal.
    medicationServices: ['prescribes-buprenorphine', 'buprenorphine-for-withdrawal'],
    substancesNotTreated: ['stimulants'],
    servesOnlyClientsWith: [] as string[],
    withdrawalManaged: ['alcohol', 'sedatives', 'opioids'],
    operators: ['private-non-profit'],
    supportServices: ['aftercare', 'naloxone', 'peer-mentoring'],
    therapies: ['cognitive-behavioral-therapy', 'motivational-interviewing'],
    populations: ['men'],
    gendersAccepted: ['male'],
    ageGroupsAccepted: ['adults'],
    languages: ['english'],
    insurance: { payers: ['medicaid'], privateInsurancePlans: [], upfrontPaymentRequired: false },
    credentials: [
      { type: 'carf', status: 'active', expiresOn: `${NEXT_YEAR}-06-30`, identifier: 'CARF-E2E-1', issuer: 'CARF International' },
    ],
  };
}

function profileOf(request: ReturnType<typeof newFacility>) {
  const { insurance: _insurance, credentials: _credentials, ...profile } = request;
  return profile;
}

describe('facility staff keep their facility current', () => {
  const name = `E2E Falls City Withdrawal Center ${randomUUID().slice(0, 8)}`;
  const request = newFacility(name);
  const listeners = new Map<Topic, Listener>();
  let facility: Facility;
  /** An admin adds the facility; its own staff change it from then on. */
  let adminToken: string;
  let adminId: string;
  let staffToken: string;
  let staffId: string;

  /** The event of one change of this facility on its topic, keyed by the facility id. */
  async function eventOn(topic: Topic, sequence: number): Promise<Envelope> {
    const message = await listeners
      .get(topic)!
      .waitFor(
        (received: ReceivedMessage) => received.key === facility.id && (JSON.parse(received.value!) as Envelope).sequence === sequence,
      );
    const envelope = JSON.parse(message.value!) as Envelope;
    expect(envelope).toMatchObject({ type: topic, key: facility.id, producer: 'facility-registry' });
    expect(message.headers['event-id']).toBe(envelope.eventId);
    return envelope;
  }

  async function history(query = ''): Promise<{ items: Change[]; total: number }> {
    const response = await api<{ items: Change[]; total: number }>(
      'GET',
      `/api/facilities/${facility.id}/history${query}`,
      undefined,
      staffToken,
    );
    expect(response.status).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    // Listen before the first change, so every event of the new facility is seen.
    const started = await Promise.all(FACILITY_TOPICS.map((topic) => tailTopic(topic)));
    FACILITY_TOPICS.forEach((topic, index) => listeners.set(topic, started[index]!));
    adminToken = await signInAsAdmin();
    adminId = (await api<{ id: string }>('GET', '/api/auth/me', undefined, adminToken)).body.id;
  });

  afterAll(async () => {
    await Promise.all([...listeners.values()].map((listener) => listener.stop()));
  });

  it('adds a facility that is not in the national directory: 201, and its profile, credentials and payers on Kafka', async () => {
    const created = await api<Facility>('POST', '/api/facilities', request, adminToken);
    expect(created.status).toBe(201);
    facility = created.body;
    staffToken = await signInAs('facility-staff', [facility.id]);
    staffId = (await api<{ id: string }>('GET', '/api/auth/me', undefined, staffToken)).body.id;
    expect(facility).toMatchObject({
      name,
      sourceRef: null,
      zip: '40202',
      levelsOfCare: [LEVEL],
      programs: [expect.objectContaining({ levelOfCare: LEVEL, asamEdition: 3, asamLevel: '3.7-WM' })],
      payers: ['medicaid'],
      beds: [],
    });
    // Placed at the ZIP code's centre, downtown Louisville.
    expect(facility.latitude).toBeCloseTo(38.25, 1);
    expect(facility.longitude).toBeCloseTo(-85.75, 1);
    expect(facility.credentials).toEqual([{ ...asEntered(request.credentials[0]!), effectiveStatus: 'active' }]);

    const read = await api<Facility>('GET', `/api/facilities/${facility.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(facility);

    const profile = await eventOn(Topic.FacilityProfile, 1);
    expect(profile.payload).toMatchObject({ facilityId: facility.id, name, zip: '40202', medications: ['buprenorphine'], previous: null });
    // The clinical facts of issue 13 round-trip: stored, read back, and announced to the matcher.
    const facts = {
      medicationServices: request.medicationServices,
      substancesNotTreated: request.substancesNotTreated,
      servesOnlyClientsWith: [],
      withdrawalManaged: request.withdrawalManaged,
      operators: request.operators,
      supportServices: request.supportServices,
    };
    expect(facility).toMatchObject(facts);
    expect(profile.payload).toMatchObject(facts);
    expect(profile.payload.programs).toEqual([expect.objectContaining({ levelOfCare: LEVEL, asamEdition: 3, asamLevel: '3.7-WM' })]);
    const accreditation = await eventOn(Topic.FacilityAccreditation, 1);
    expect(accreditation.payload).toEqual({
      facilityId: facility.id,
      credentials: request.credentials.map(announced),
      previousCredentials: [],
    });
    const insurance = await eventOn(Topic.FacilityInsurance, 1);
    expect(insurance.payload).toEqual({ facilityId: facility.id, ...request.insurance, previous: null });
  });

  it('reports a male bed line: shown fresh (stale=false) and announced on facility.capacity.v2', async () => {
    const before = Date.now();
    const line = { levelOfCare: LEVEL, bedType: 'male', staffed: 12, available: 4, opening24h: 1, opening72h: 3 };
    const updated = await api<Bed[]>('PUT', `/api/facilities/${facility.id}/capacity`, { beds: [line] }, staffToken);
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual([expect.objectContaining({ ...line, waitlist: false, typicalWaitDays: null, stale: false })]);

    const read = await api<Facility>('GET', `/api/facilities/${facility.id}`);
    expect(read.body.beds).toEqual([
      { ...line, held: 0, waitlist: false, typicalWaitDays: null, confirmedAt: expect.any(String), stale: false },
    ]);
    expect(Date.parse(read.body.beds[0]!.confirmedAt)).toBeGreaterThanOrEqual(before - 1_000);

    const capacity = await eventOn(Topic.FacilityCapacity, 1);
    expect(capacity.payload).toEqual({
      facilityId: facility.id,
      beds: [{ ...line, waitlist: false, typicalWaitDays: null, confirmedAt: read.body.beds[0]!.confirmedAt }],
      previousBeds: [],
    });
  });

  it('replaces licences and accreditations, announced with the previous list', async () => {
    const credentials = [
      ...request.credentials,
      { type: 'state-licence', status: 'active', expiresOn: `${NEXT_YEAR}-12-31`, identifier: 'KY-BHDID-E2E', issuer: 'Kentucky CHFS' },
    ];
    const updated = await api<Facility>('PUT', `/api/facilities/${facility.id}/accreditations`, { credentials }, staffToken);
    expect(updated.status).toBe(200);
    expect(updated.body.credentials).toEqual(credentials.map((credential) => ({ ...asEntered(credential), effectiveStatus: 'active' })));

    const event = await eventOn(Topic.FacilityAccreditation, 2);
    expect(event.payload).toEqual({
      facilityId: facility.id,
      credentials: credentials.map(announced),
      previousCredentials: request.credentials.map(announced),
    });
  });

  it('replaces payers and named plans, announced with the previous ones', async () => {
    const insurance = {
      payers: ['medicaid', 'private-insurance'],
      privateInsurancePlans: ['Anthem Blue Cross Blue Shield PPO'],
      upfrontPaymentRequired: false,
    };
    const updated = await api<Facility>('PUT', `/api/facilities/${facility.id}/insurance`, insurance, staffToken);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject(insurance);

    const event = await eventOn(Topic.FacilityInsurance, 2);
    expect(event.payload).toEqual({ facilityId: facility.id, ...insurance, previous: request.insurance });
  });

  it('updates the profile, announced with the previous profile', async () => {
    const profile = {
      ...profileOf(request),
      languages: ['english', 'spanish'],
      therapies: [...request.therapies, 'peer-support'],
      // Staff add stimulant withdrawal and sober living, and no longer state what the facility does not treat.
      withdrawalManaged: [...request.withdrawalManaged, 'stimulants'],
      supportServices: [...request.supportServices, 'sober-living'],
      substancesNotTreated: [],
    };
    const updated = await api<Facility>('PUT', `/api/facilities/${facility.id}/profile`, profile, staffToken);
    expect(updated.status).toBe(200);
    expect(updated.body.languages).toEqual(['english', 'spanish']);
    expect(updated.body).toMatchObject({
      withdrawalManaged: ['alcohol', 'sedatives', 'opioids', 'stimulants'],
      supportServices: ['aftercare', 'naloxone', 'peer-mentoring', 'sober-living'],
      substancesNotTreated: [],
      medicationServices: request.medicationServices,
    });
    expect((await api<Facility>('GET', `/api/facilities/${facility.id}`)).body).toMatchObject({
      withdrawalManaged: profile.withdrawalManaged,
      supportServices: profile.supportServices,
      substancesNotTreated: [],
    });
    // The bed line of the program it still runs stays.
    expect(updated.body.beds).toHaveLength(1);

    const event = await eventOn(Topic.FacilityProfile, 2);
    expect(event.payload).toMatchObject({
      facilityId: facility.id,
      languages: ['english', 'spanish'],
      withdrawalManaged: profile.withdrawalManaged,
      substancesNotTreated: [],
    });
    expect(event.payload.previous).toMatchObject({
      name,
      languages: ['english'],
      therapies: request.therapies,
      withdrawalManaged: request.withdrawalManaged,
      substancesNotTreated: ['stimulants'],
    });
  });

  it('lists every change newest first, with the value before and after', async () => {
    const { items, total } = await history();
    expect(total).toBe(7);
    // The three creation entries share one transaction; within it, the latest written comes first.
    expect(items.map((change) => [change.aspect, change.sequence])).toEqual([
      ['profile', 2],
      ['insurance', 2],
      ['accreditation', 2],
      ['capacity', 1],
      ['insurance', 1],
      ['accreditation', 1],
      ['profile', 1],
    ]);
    // Who made each change: the admin created the facility, its staff made the rest.
    expect(items.map((change) => change.changedBy)).toEqual([staffId, staffId, staffId, staffId, adminId, adminId, adminId]);
    const times = items.map((change) => Date.parse(change.changedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const [profile, insurance, accreditation, capacity, , , created] = items;
    expect(profile!.previous.languages).toEqual(['english']);
    expect(profile!.current.languages).toEqual(['english', 'spanish']);
    expect(insurance!.previous).toEqual(request.insurance);
    expect(insurance!.current.privateInsurancePlans).toEqual(['Anthem Blue Cross Blue Shield PPO']);
    expect(accreditation!.previous).toEqual(request.credentials.map(asEntered));
    expect(accreditation!.current).toHaveLength(2);
    expect(capacity!.previous).toEqual([]);
    expect(capacity!.current).toEqual([expect.objectContaining({ levelOfCare: LEVEL, bedType: 'male', staffed: 12, available: 4 })]);
    expect(created!.previous).toBeNull();
    expect(created!.current).toMatchObject({ name, zip: '40202' });

    const capacityOnly = await history('?aspect=capacity');
    expect(capacityOnly.items.map((change) => change.aspect)).toEqual(['capacity']);
    const paged = await history('?pageSize=2&page=2');
    expect(paged.items.map((change) => [change.aspect, change.sequence])).toEqual([
      ['accreditation', 2],
      ['capacity', 1],
    ]);
  });

  describe('refuses an impossible change with 400, the field path and the reason, and stores nothing', () => {
    let historyBefore: number;
    let facilityBefore: Facility;

    beforeAll(async () => {
      historyBefore = (await history()).total;
      facilityBefore = (await api<Facility>('GET', `/api/facilities/${facility.id}`)).body;
    });

    function expectProblem(response: { status: number; body: Problems }, field: string, reason?: RegExp): void {
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error) => error.field)).toContain(field);
      if (reason) expect(response.body.errors.find((error) => error.field === field)!.reason).toMatch(reason);
    }

    it('an ASAM level that does not match the level of care', async () => {
      const response = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/profile`,
        { ...profileOf(request), programs: [{ levelOfCare: LEVEL, asamEdition: 3, asamLevel: '3.7' }] },
        staffToken,
      );
      expectProblem(response, 'programs.0.asamLevel', /expected one of 3\.2-WM, 3\.7-WM/);
      const otherEdition = await api<Problems>(
        'POST',
        '/api/facilities',
        { ...newFacility(`${name} B`), programs: [{ levelOfCare: LEVEL, asamEdition: 4, asamLevel: '3.7-WM' }] },
        adminToken,
      );
      expectProblem(otherEdition, 'programs.0.asamLevel', /ASAM 4th edition level 3\.7-WM is not detox-residential/);
    });

    it('a withdrawal, substance or support service outside the vocabulary, or listed twice', async () => {
      const unknown = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/profile`,
        { ...profileOf(request), withdrawalManaged: ['nicotine'], supportServices: ['spa'] },
        staffToken,
      );
      expectProblem(unknown, 'withdrawalManaged');
      expectProblem(unknown, 'supportServices');
      const twice = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/profile`,
        { ...profileOf(request), servesOnlyClientsWith: ['opioids', 'opioids'] },
        staffToken,
      );
      expectProblem(twice, 'servesOnlyClientsWith');
    });

    it('methadone without an opioid treatment program or a hospital program', async () => {
      const response = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/profile`,
        { ...profileOf(request), medications: ['methadone', 'buprenorphine'] },
        staffToken,
      );
      expectProblem(response, 'medications', /opioid treatment program/);
    });

    it('more beds free than staffed', async () => {
      const response = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/capacity`,
        { beds: [{ levelOfCare: LEVEL, bedType: 'male', staffed: 4, available: 6 }] },
        staffToken,
      );
      expectProblem(response, 'beds.0.available', /must not exceed staffed \(4\)/);
    });

    it('an unknown ZIP code', async () => {
      const created = await api<Problems>('POST', '/api/facilities', { ...newFacility(`${name} C`), zip: '00000' }, adminToken);
      expect(created.status).toBe(400);
      expect(created.body.errors).toEqual([{ field: 'zip', reason: '00000 is not a known US ZIP code' }]);
      const moved = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/profile`,
        { ...profileOf(request), zip: '00000' },
        staffToken,
      );
      expectProblem(moved, 'zip');
    });

    it('an unknown property, top-level or nested', async () => {
      const created = await api<Problems>('POST', '/api/facilities', { ...newFacility(`${name} D`), bedsTotal: 40 }, adminToken);
      expectProblem(created, 'bedsTotal', /should not exist/);
      const nested = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/capacity`,
        { beds: [{ levelOfCare: LEVEL, bedType: 'male', staffed: 12, available: 4, wing: 'east' }] },
        staffToken,
      );
      expectProblem(nested, 'beds.0.wing', /should not exist/);
    });

    it('named plans without private insurance, and an active credential past its expiry date', async () => {
      const plans = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/insurance`,
        { payers: ['medicaid'], privateInsurancePlans: ['Humana Gold Plus'] },
        staffToken,
      );
      expect(plans.status).toBe(400);
      expect(plans.body.errors).toEqual([
        { field: 'privateInsurancePlans', reason: 'named plans need private-insurance among the payers' },
      ]);
      const expired = await api<Problems>(
        'PUT',
        `/api/facilities/${facility.id}/accreditations`,
        { credentials: [{ type: 'carf', status: 'active', expiresOn: '2020-06-30' }] },
        staffToken,
      );
      expectProblem(expired, 'credentials.0.status', /expired on 2020-06-30/);
    });

    it('a facility that does not exist: 404 (for an admin, who may change any facility)', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await api('PUT', `/api/facilities/${missing}/profile`, profileOf(request), adminToken)).status).toBe(404);
      expect((await api('PUT', `/api/facilities/${missing}/accreditations`, { credentials: [] }, adminToken)).status).toBe(404);
      expect((await api('PUT', `/api/facilities/${missing}/insurance`, request.insurance, adminToken)).status).toBe(404);
      expect(
        (await api('PUT', `/api/facilities/${missing}/capacity`, { beds: [{ levelOfCare: LEVEL, staffed: 2, available: 1 }] }, adminToken))
          .status,
      ).toBe(404);
      expect((await api('GET', `/api/facilities/${missing}/history`, undefined, adminToken)).status).toBe(404);
    });

    it('and none of them left a trace: no history entry, the facility as it was', async () => {
      expect((await history()).total).toBe(historyBefore);
      expect((await api<Facility>('GET', `/api/facilities/${facility.id}`)).body).toEqual(facilityBefore);
    });
  });

  it('documents the facility endpoints in the public OpenAPI document', async () => {
    const document = await api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths['/api/facilities']!)).toEqual(expect.arrayContaining(['get', 'post']));
    for (const path of ['profile', 'capacity', 'accreditations', 'insurance']) {
      expect(Object.keys(document.body.paths[`/api/facilities/{facilityId}/${path}`] ?? {})).toContain('put');
    }
    expect(Object.keys(document.body.paths['/api/facilities/{facilityId}/history'] ?? {})).toContain('get');
  });

  it('is found by a referral for a male adult in withdrawal from 40202', async () => {
    const referral = {
      levelOfCare: LEVEL,
      payer: 'medicaid',
      patientZip: '40202',
      maxDistanceMiles: 1,
      needs: { gender: 'male', ageYears: 34, substances: [...TEST_SUBSTANCES] },
    };
    const match = await eventually(async () => {
      const response = await api<{ matchStatus: string; matches: { facilityId: string; bedsAvailable: number; reasons: string[] }[] }>(
        'POST',
        '/api/referrals',
        referral,
        await signInAsPlanner(),
      );
      expect(response.status).toBe(201);
      const found = response.body.matches.find((candidate) => candidate.facilityId === facility.id);
      expect(found).toBeDefined();
      return found!;
    });
    expect(match.bedsAvailable).toBe(4);
    expect(match.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^4 of 12 detox-residential beds free/), 'accepts Medicaid']),
    );
  });
});
