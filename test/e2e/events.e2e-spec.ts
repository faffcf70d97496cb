import { randomUUID } from 'node:crypto';
import { decodeEvent, Topic, type EventEnvelope, type FacilityCapacityValue } from '#contracts';
import { tailTopic } from '../support/kafka-tail.js';
import { api, eventually, kafkaClient, signInAs, signInAsPlanner } from '../support/system-under-test.js';
import { createTestFacility, uniqueName, YELLOWSTONE_ZIP } from '../support/test-facility.js';
import { fromDirectory, TEST_SUBSTANCES, treatsSubstances, type FacilitySubstanceFacts } from '../support/test-referral.js';

interface Referral {
  id: string;
  matchStatus: string;
  matches: { facilityId: string; bedsAvailable: number }[];
}

const LEVEL = 'residential-short-term';

async function produce(topic: string, key: string, value: string): Promise<void> {
  const producer = kafkaClient().producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key, value }] });
  await producer.disconnect();
}

describe('events on Kafka', () => {
  it('parks a malformed event on the dead-letter topic with the reason, and keeps working', async () => {
    const deadLetters = await tailTopic(Topic.DeadLetter);
    try {
      const key = randomUUID();
      await produce(Topic.ReferralMatched, key, '{"this is": "not an envelope"');
      const parked = await deadLetters.waitFor((message) => message.key === key);
      expect(parked.headers['dlq-original-topic']).toBe(Topic.ReferralMatched);
      expect(parked.headers['dlq-reason']).toMatch(/not JSON/);
      expect(parked.headers['dlq-consumer']).toBe('referral-service');
      expect(parked.value).toBe('{"this is": "not an envelope"');

      const badPayload = randomUUID();
      await produce(
        Topic.ReferralSubmitted,
        badPayload,
        JSON.stringify({
          eventId: randomUUID(),
          type: Topic.ReferralSubmitted,
          occurredAt: new Date().toISOString(),
          producer: 'someone',
          key: badPayload,
          sequence: 1,
          payload: { referralId: badPayload, levelOfCare: 'space-station' },
        }),
      );
      const rejected = await deadLetters.waitFor((message) => message.key === badPayload);
      expect(rejected.headers['dlq-consumer']).toBe('matcher');
      expect(rejected.headers['dlq-reason']).toContain('levelOfCare');
    } finally {
      await deadLetters.stop();
    }
    const stillWorks = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: LEVEL,
        payer: 'medicaid',
        patientZip: '40202',
        maxDistanceMiles: 100,
        needs: { gender: 'female', ageYears: 40, substances: [...TEST_SUBSTANCES] },
      },
      await signInAsPlanner(),
    );
    expect(stillWorks.status).toBe(201);
  });

  it('ignores a stale bed count delivered out of order', async () => {
    const page = await api<{
      items: ({
        id: string;
        sourceRef: string | null;
        zip: string;
        payers: string[];
        gendersAccepted: string[];
      } & FacilitySubstanceFacts)[];
    }>('GET', `/api/facilities?state=KY&levelOfCare=${LEVEL}&pageSize=200`);
    const facility = page.body.items.find(
      (candidate) =>
        fromDirectory(candidate) &&
        candidate.payers.includes('medicaid') &&
        treatsSubstances(candidate, TEST_SUBSTANCES, LEVEL) &&
        (candidate.gendersAccepted.length === 0 || candidate.gendersAccepted.includes('female')),
    )!;
    const staffToken = await signInAs('facility-staff', [facility.id]);
    const capacity = await tailTopic(Topic.FacilityCapacity);
    let current: EventEnvelope<FacilityCapacityValue>;
    try {
      const updated = await api(
        'PUT',
        `/api/facilities/${facility.id}/capacity`,
        { beds: [{ levelOfCare: LEVEL, staffed: 9, available: 9 }] },
        staffToken,
      );
      expect(updated.status).toBe(200);
      current = JSON.parse((await capacity.waitFor((message) => message.key === facility.id)).value!);
    } finally {
      await capacity.stop();
    }
    // Replay an older version of this facility's inventory (no free bed), as a lagging producer would:
    // a valid facility.capacity.v2 event, so consumers apply their ordering rule to it, not their dead-letter rule.
    const stale: EventEnvelope<FacilityCapacityValue> = {
      ...current,
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      sequence: current.sequence - 1,
      payload: {
        facilityId: facility.id,
        beds: current.payload.beds.map((bed) =>
          bed.levelOfCare === LEVEL ? { ...bed, available: 0, opening24h: 0, opening72h: 0, confirmedAt: new Date().toISOString() } : bed,
        ),
        previousBeds: current.payload.beds,
      },
    };
    expect(decodeEvent(Topic.FacilityCapacity, facility.id, JSON.stringify(stale)).ok).toBe(true);
    const deadLetters = await tailTopic(Topic.DeadLetter);
    try {
      await produce(Topic.FacilityCapacity, facility.id, JSON.stringify(stale));
      // And the current one again, as a duplicate delivery would.
      await produce(Topic.FacilityCapacity, facility.id, JSON.stringify(current));
      // Neither is parked as malformed: the stale one is ignored for its sequence, the duplicate for its id.
      await expect(deadLetters.waitFor((message) => message.key === facility.id, 2_000)).rejects.toThrow(/no matching message/);
    } finally {
      await deadLetters.stop();
    }

    const referral = {
      levelOfCare: LEVEL,
      payer: 'medicaid',
      patientZip: facility.zip,
      maxDistanceMiles: 10,
      needs: { gender: 'female', ageYears: 40, substances: [...TEST_SUBSTANCES] },
    };
    await eventually(async () => {
      const response = await api<Referral>('POST', '/api/referrals', referral, await signInAsPlanner());
      expect(response.body.matches.find((match) => match.facilityId === facility.id)?.bedsAvailable).toBe(9);
    });
    // The stale event has had time to arrive (see the dead-letter wait above): the count did not roll back.
    const again = await api<Referral>('POST', '/api/referrals', referral, await signInAsPlanner());
    expect(again.body.matches.find((match) => match.facilityId === facility.id)?.bedsAvailable).toBe(9);
  });
});

describe('events written before the age band replaced the exact age, still in the log during an upgrade', () => {
  const LEVEL_HELD = 'detox-residential';

  // Many specs add facilities near Yellowstone: a language only this spec asks for keeps its facility in the top ten.
  const LANGUAGE = 'korean';

  /** A facility near Yellowstone with one free detox bed of each type named. */
  const facilityWithBeds = (...bedTypes: string[]) =>
    createTestFacility(
      { name: uniqueName('E2E Upgrade Ridge Recovery'), languages: ['english', LANGUAGE] },
      bedTypes.map((bedType) => ({ levelOfCare: LEVEL_HELD, bedType, staffed: 4, available: 1 })),
    );

  /** An envelope as referral-service wrote it before the upgrade. */
  const oldEnvelope = (type: Topic, key: string, payload: object) =>
    JSON.stringify({
      eventId: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      producer: 'referral-service',
      key,
      sequence: 1,
      payload,
    });

  it('a referral on referral.submitted.v2 with an exact age is still matched, by the band of that age', async () => {
    const facility = await facilityWithBeds('adolescent');
    const matched = await tailTopic(Topic.ReferralMatched);
    try {
      /** Publishes a v2 referral for a man of this age near the facility and returns what the matcher answered. */
      const matchFor = async (ageYears: number) => {
        const referralId = randomUUID();
        await produce(
          Topic.ReferralSubmittedV2,
          referralId,
          oldEnvelope(Topic.ReferralSubmittedV2, referralId, {
            referralId,
            levelOfCare: LEVEL_HELD,
            payer: 'medicaid',
            origin: { zip: YELLOWSTONE_ZIP, latitude: 44.6, longitude: -110.5 },
            maxDistanceMiles: 100,
            needs: {
              gender: 'male',
              ageYears,
              pregnant: false,
              coOccurringMentalIllness: false,
              substances: ['alcohol'],
              language: LANGUAGE,
            },
            submittedAt: new Date().toISOString(),
          }),
        );
        const answer = await matched.waitFor((message) => message.key === referralId, 30_000);
        return JSON.parse(answer.value!).payload as { matches: { facilityId: string }[]; excludedByRule: Record<string, number> };
      };
      // The matcher learns of the new facility from Kafka; a 17-year-old fits its adolescent bed, an 18-year-old does not.
      await eventually(async () => expect((await matchFor(17)).matches.map((match) => match.facilityId)).toContain(facility.id), 30_000);
      const adult = await matchFor(18);
      expect(adult.matches.map((match) => match.facilityId)).not.toContain(facility.id);
      expect(adult.excludedByRule['no-bed']).toBeGreaterThanOrEqual(1);
    } finally {
      await matched.stop();
    }
  }, 90_000);

  it('a task on referral.task.v1 with an exact age still holds the bed that age fits', async () => {
    const facility = await facilityWithBeds('adolescent', 'male');
    const task = (ageYears: number) => {
      const ids = { taskId: randomUUID(), referralId: randomUUID() };
      const payload = {
        ...ids,
        facilityId: facility.id,
        status: 'requested',
        statusReason: null,
        levelOfCare: LEVEL_HELD,
        patient: { gender: 'male', ageYears },
        changedAt: new Date().toISOString(),
      };
      return { ids, value: oldEnvelope(Topic.ReferralTaskV1, ids.referralId, payload) };
    };
    const teen = task(16);
    const adult = task(30);
    await produce(Topic.ReferralTaskV1, teen.ids.referralId, teen.value);
    await produce(Topic.ReferralTaskV1, adult.ids.referralId, adult.value);
    // Facility staff see both holds, each on the bed line the patient's age fits.
    await eventually(async () => {
      const holds = await api<{ taskId: string; bedType: string; status: string }[]>(
        'GET',
        `/api/facilities/${facility.id}/holds`,
        undefined,
        facility.staffToken,
      );
      expect(holds.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ taskId: teen.ids.taskId, bedType: 'adolescent', status: 'held' }),
          expect.objectContaining({ taskId: adult.ids.taskId, bedType: 'male', status: 'held' }),
        ]),
      );
    }, 30_000);
  }, 60_000);
});

describe('the public API', () => {
  it('publishes one OpenAPI document covering every service, and its page', async () => {
    const document = await api<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/facilities',
        '/api/facilities/{facilityId}',
        '/api/facilities/{facilityId}/capacity',
        '/api/referrals',
        '/api/referrals/{referralId}',
        '/api/referrals/{referralId}/events',
        '/api/placements',
        '/api/referrals/{referralId}/tasks',
        '/api/referrals/{referralId}/tasks/{taskId}/{action}',
        '/api/referrals/{referralId}/patient',
        '/api/referrals/{referralId}/consents',
        '/api/inbox/{facilityId}',
        '/api/audit',
        '/api/facilities/{facilityId}/holds',
        '/api/placements/export.csv',
        '/api/placements/figures',
        '/api/auth/token',
        '/api/auth/me',
        '/api/accounts',
        '/api/accounts/{accountId}/api-keys',
      ]),
    );
    const page = await api<string>('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui');
  });

  it('reports every service ready', async () => {
    const health = await api<{ status: string; details: Record<string, { status: string }> }>('GET', '/health/ready');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(Object.fromEntries(Object.entries(health.body.details).map(([service, detail]) => [service, detail.status]))).toEqual({
      'facility-registry': 'up',
      'referral-service': 'up',
      identity: 'up',
      matcher: 'up',
    });
  });
});
