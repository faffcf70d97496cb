import { randomUUID } from 'node:crypto';
import { decodeEvent, Topic, type EventEnvelope, type FacilityCapacityValue } from '#contracts';
import { tailTopic } from '../support/kafka-tail.js';
import { api, eventually, kafkaClient, signInAs, signInAsPlanner } from '../support/system-under-test.js';
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
