import { LEVELS_OF_CARE, Topic } from '#contracts';
import { tailTopic } from '../support/kafka-tail.js';
import { api, eventually, signInAs, signInAsAdmin, signInAsPlanner } from '../support/system-under-test.js';
import { fromDirectory, TEST_SUBSTANCES, treatsSubstances, type FacilitySubstanceFacts } from '../support/test-referral.js';

interface Facility extends FacilitySubstanceFacts {
  id: string;
  sourceRef: string | null;
  name: string;
  zip: string;
  state: string;
  levelsOfCare: string[];
  payers: string[];
  gendersAccepted: string[];
  ageGroupsAccepted: string[];
  beds: { levelOfCare: string; staffed: number; available: number }[];
}

interface Referral {
  id: string;
  matchStatus: string;
  matches: { facilityId: string; distanceMiles: number; bedsAvailable: number; score: number; reasons: string[] }[];
  excludedByRule: Record<string, number> | null;
  facilitiesConsidered: number | null;
}

const LEVEL = 'detox-residential';

/** A real Kentucky facility from the imported directory that offers residential detox. */
async function pickFacility(): Promise<Facility> {
  const page = await api<{ items: Facility[]; total: number }>('GET', `/api/facilities?state=KY&levelOfCare=${LEVEL}&pageSize=200`);
  expect(page.status).toBe(200);
  const candidate = page.body.items.find(
    (facility) =>
      // From the directory: facilities other specs add in Kentucky carry bed lines of their own.
      fromDirectory(facility) &&
      facility.payers.includes('medicaid') &&
      treatsSubstances(facility, TEST_SUBSTANCES, LEVEL) &&
      (facility.gendersAccepted.length === 0 || facility.gendersAccepted.includes('male')) &&
      (facility.ageGroupsAccepted.length === 0 || facility.ageGroupsAccepted.includes('adults')),
  );
  if (!candidate) throw new Error('the imported directory has no Kentucky residential detox taking Medicaid');
  return candidate;
}

function referralFrom(zip: string) {
  return {
    levelOfCare: LEVEL,
    payer: 'medicaid',
    patientZip: zip,
    maxDistanceMiles: 25,
    needs: { gender: 'male', ageYears: 34, substances: [...TEST_SUBSTANCES] },
  };
}

describe('a discharge planner refers a patient in withdrawal', () => {
  let facility: Facility;
  /** The facility's own staff report its beds. */
  let staffToken: string;

  beforeAll(async () => {
    facility = await pickFacility();
    staffToken = await signInAs('facility-staff', [facility.id]);
  });

  it('a bed-count update travels over Kafka and decides whether the facility is offered', async () => {
    const capacityEvents = await tailTopic(Topic.FacilityCapacity);
    try {
      // Step 2: the facility reports free beds.
      const opened = await api(
        'PUT',
        `/api/facilities/${facility.id}/capacity`,
        { beds: [{ levelOfCare: LEVEL, staffed: 10, available: 10 }] },
        staffToken,
      );
      expect(opened.status).toBe(200);
      const event = await capacityEvents.waitFor((message) => message.key === facility.id);
      const envelope = JSON.parse(event.value!);
      expect(envelope.type).toBe(Topic.FacilityCapacity);
      expect(envelope.payload.beds).toContainEqual(expect.objectContaining({ levelOfCare: LEVEL, staffed: 10, available: 10 }));

      // Step 3: a referral from the facility's own ZIP code finds it, with its reasons.
      const found = await eventually(async () => {
        const response = await api<Referral>('POST', '/api/referrals', referralFrom(facility.zip), await signInAsPlanner());
        expect(response.status).toBe(201);
        const match = response.body.matches.find((candidate) => candidate.facilityId === facility.id);
        expect(match?.bedsAvailable).toBe(10);
        return { referral: response.body, match: match! };
      });
      expect(found.referral.matchStatus).toBe('matched');
      expect(found.match.reasons).toEqual(
        expect.arrayContaining([`10 of 10 ${LEVEL} beds free`, 'accepts Medicaid', expect.stringMatching(/mi away$/)]),
      );
      const scores = found.referral.matches.map((match) => match.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const match of found.referral.matches) expect(match.distanceMiles).toBeLessThanOrEqual(25);

      // The facility fills up: the next referral no longer offers it, and says a rule left beds out.
      const closed = await api(
        'PUT',
        `/api/facilities/${facility.id}/capacity`,
        { beds: [{ levelOfCare: LEVEL, staffed: 10, available: 0 }] },
        staffToken,
      );
      expect(closed.status).toBe(200);
      const after = await eventually(async () => {
        const response = await api<Referral>('POST', '/api/referrals', referralFrom(facility.zip), await signInAsPlanner());
        expect(response.body.matches.map((match) => match.facilityId)).not.toContain(facility.id);
        return response.body;
      });
      expect(after.excludedByRule?.['no-bed']).toBeGreaterThanOrEqual(1);
    } finally {
      await capacityEvents.stop();
    }
  });

  it('the referral can be read back and streamed, with the same matches', async () => {
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      { ...referralFrom('40202'), maxDistanceMiles: 100 },
      await signInAsPlanner(),
    );
    expect(submitted.status).toBe(201);
    expect(submitted.headers.get('location')).toBe(`/api/referrals/${submitted.body.id}`);

    const read = await api<Referral>('GET', `/api/referrals/${submitted.body.id}`, undefined, await signInAsPlanner());
    expect(read.status).toBe(200);
    expect(read.body.matches.map((match) => match.facilityId)).toEqual(submitted.body.matches.map((match) => match.facilityId));

    const controller = new AbortController();
    const stream = await fetch(`${process.env.GATEWAY_URL ?? 'http://127.0.0.1:13000'}/api/referrals/${submitted.body.id}/events`, {
      signal: controller.signal,
      headers: { authorization: `Bearer ${await signInAsPlanner()}` },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('event: referral');
    expect(JSON.parse(text.split('data: ')[1]!.split('\n')[0]!).matchStatus).toBe('matched');
  });

  it('publishes the referral on referral.submitted.v3 with the age band, never the exact age, and no identity', async () => {
    const submittedEvents = await tailTopic(Topic.ReferralSubmitted);
    try {
      const submitted = await api<Referral>(
        'POST',
        '/api/referrals',
        {
          ...referralFrom('40202'),
          needs: {
            gender: 'male',
            ageYears: 34,
            substances: ['alcohol', 'stimulants'],
            courtOrdered: true,
            startMedication: 'acamprosate',
          },
        },
        await signInAsPlanner(),
      );
      expect(submitted.status).toBe(201);
      const event = await submittedEvents.waitFor((message) => message.key === submitted.body.id);
      const envelope = JSON.parse(event.value!);
      expect(envelope.type).toBe('referral.submitted.v3');
      expect(envelope.payload.needs).toEqual({
        gender: 'male',
        ageBand: '26-64',
        pregnant: false,
        coOccurringMentalIllness: false,
        substances: ['alcohol', 'stimulants'],
        courtOrder: 'other',
        medication: null,
        startMedication: 'acamprosate',
        bedsForChildren: false,
        childcare: false,
        language: null,
      });
      expect(event.value).not.toContain('ageYears');
      // The planner still reads the exact age the referral was made with.
      const stored = await api<{ needs: { ageYears: number } }>(
        'GET',
        `/api/referrals/${submitted.body.id}`,
        undefined,
        await signInAsPlanner(),
      );
      expect(stored.body.needs.ageYears).toBe(34);
    } finally {
      await submittedEvents.stop();
    }
  });

  it('says so when nothing fits, and which rules left facilities out', async () => {
    const response = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: 'detox-hospital',
        payer: 'tricare',
        patientZip: '99950', // Ketchikan, Alaska
        maxDistanceMiles: 5,
        needs: { gender: 'female', ageYears: 15, pregnant: true, substances: ['opioids'] },
      },
      await signInAsPlanner(),
    );
    expect(response.status).toBe(201);
    expect(response.body.matchStatus).toBe('no-match');
    expect(response.body.matches).toEqual([]);
    expect(response.body.facilitiesConsidered).toBeGreaterThan(10_000);
    expect(Object.values(response.body.excludedByRule ?? {}).reduce((sum, n) => sum + n, 0)).toBe(response.body.facilitiesConsidered);
  });

  it('rejects bad input with the field and the reason, and stores nothing', async () => {
    const before = await api<{ total: number }>('GET', '/api/placements?pageSize=1', undefined, await signInAsAdmin());
    const bad = await api<{ errors: { field: string; reason: string }[] }>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: 'detox-somewhere',
        payer: 'medicaid',
        patientZip: '4020',
        maxDistanceMiles: 0,
        needs: { gender: 'male', ageYears: 200, substances: ['alcohol'] },
        ssn: '123-45-6789',
      },
      await signInAsPlanner(),
    );
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['levelOfCare', 'patientZip', 'maxDistanceMiles', 'needs.ageYears', 'ssn']));

    const unknownZip = await api<{ errors: { field: string; reason: string }[] }>(
      'POST',
      '/api/referrals',
      referralFrom('00000'),
      await signInAsPlanner(),
    );
    expect(unknownZip.status).toBe(400);
    expect(unknownZip.body.errors).toEqual([{ field: 'patientZip', reason: '00000 is not a known US ZIP code' }]);

    const notJson = await api('POST', '/api/referrals', '{"levelOfCare":', await signInAsPlanner());
    expect(notJson.status).toBe(400);

    const after = await api<{ total: number }>('GET', '/api/placements?pageSize=1', undefined, await signInAsAdmin());
    expect(after.body.total).toBe(before.body.total);
  });

  it('rejects an impossible bed count and leaves the count as it was', async () => {
    const before = await api<Facility>('GET', `/api/facilities/${facility.id}`);
    const tooMany = await api<{ errors: { field: string }[] }>(
      'PUT',
      `/api/facilities/${facility.id}/capacity`,
      { beds: [{ levelOfCare: LEVEL, staffed: 2, available: 5 }] },
      staffToken,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0]!.field).toBe('beds.0.available');
    const missing = LEVELS_OF_CARE.find((level) => !facility.levelsOfCare.includes(level))!;
    const notOffered = await api<{ errors: { field: string; reason: string }[] }>(
      'PUT',
      `/api/facilities/${facility.id}/capacity`,
      { beds: [{ levelOfCare: missing, staffed: 2, available: 1 }] },
      staffToken,
    );
    expect(notOffered.status).toBe(400);
    expect(notOffered.body.errors[0]).toEqual({
      field: 'beds.0.levelOfCare',
      reason: expect.stringContaining(`does not offer ${missing}`),
    });
    // Only an admin may touch a facility id it is not staff of: it learns the facility does not exist.
    const unknown = await api(
      'PUT',
      '/api/facilities/00000000-0000-4000-8000-000000000000/capacity',
      { beds: [{ levelOfCare: LEVEL, staffed: 2, available: 1 }] },
      await signInAsAdmin(),
    );
    expect(unknown.status).toBe(404);
    const after = await api<Facility>('GET', `/api/facilities/${facility.id}`);
    expect(after.body.beds).toEqual(before.body.beds);
  });
});

describe('an admin reviews placement history', () => {
  it('lists referrals with their matches and outcome, filtered by date and facility', async () => {
    const from = new Date(Date.now() - 1_000).toISOString();
    const submitted = await api<Referral>(
      'POST',
      '/api/referrals',
      { ...referralFrom('40202'), maxDistanceMiles: 100 },
      await signInAsPlanner(),
    );
    expect(submitted.body.matchStatus).toBe('matched');
    const facilityId = submitted.body.matches[0]!.facilityId;
    const to = new Date(Date.now() + 1_000).toISOString();

    const inRange = await api<{ items: Referral[]; total: number }>(
      'GET',
      `/api/placements?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&facilityId=${facilityId}`,
      undefined,
      await signInAsAdmin(),
    );
    expect(inRange.status).toBe(200);
    const listed = inRange.body.items.find((item) => item.id === submitted.body.id);
    expect(listed?.matchStatus).toBe('matched');
    expect(listed?.matches[0]?.facilityId).toBe(facilityId);

    const otherFacility = await api<{ items: Referral[] }>(
      'GET',
      `/api/placements?from=${encodeURIComponent(from)}&facilityId=00000000-0000-4000-8000-000000000000`,
      undefined,
      await signInAsAdmin(),
    );
    expect(otherFacility.body.items).toEqual([]);

    const earlier = await api<{ items: Referral[] }>(
      'GET',
      `/api/placements?to=${encodeURIComponent(from)}&pageSize=200`,
      undefined,
      await signInAsAdmin(),
    );
    expect(earlier.body.items.map((item) => item.id)).not.toContain(submitted.body.id);

    const badRange = await api<{ errors: { field: string }[] }>(
      'GET',
      `/api/placements?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
      undefined,
      await signInAsAdmin(),
    );
    expect(badRange.status).toBe(400);
    expect(badRange.body.errors[0]!.field).toBe('to');
  });
});
