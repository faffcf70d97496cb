import { KafkaContext } from '@nestjs/microservices';
import { Topic, type EventEnvelope, type FacilityCapacityValue, type FacilityProfileValue, type ReferralMatchedValue } from '#contracts';
import { loadConfig } from '#config';
import type { DeadLetterPublisher, KafkaProducer } from '#messaging';
import { harborHouseProfile } from '../facility-state/facility-profile.test-factory.js';
import { FacilityStateStore } from '../facility-state/facility-state.store.js';
import { MatcherConfig } from '../matcher.config.js';
import { MatchReferralHandler } from './match-referral.handler.js';
import { MatchReferralKafkaController } from './match-referral.kafka.controller.js';
import { UNIT_KAFKA_SETTINGS } from '../../../../test/support/unit-config.js';

const NOW = new Date();
const REFERRAL_ID = '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21';

function envelope<P extends object>(type: string, payload: P, key = 'f1'): EventEnvelope<P> {
  return { eventId: crypto.randomUUID(), type, occurredAt: NOW.toISOString(), producer: 'test', key, sequence: 1, payload };
}

/** One licensed facility at the patient's ZIP code taking Medicaid, whose only detox beds are adolescent beds. */
function storeWithAdolescentBedsOnly(): FacilityStateStore {
  const store = new FacilityStateStore();
  store.applyProfile(envelope<FacilityProfileValue>(Topic.FacilityProfile, harborHouseProfile(NOW)));
  const line = {
    levelOfCare: 'detox-residential' as const,
    staffed: 6,
    opening24h: 0,
    opening72h: 0,
    waitlist: false,
    typicalWaitDays: null,
  };
  store.applyCapacity(
    envelope<FacilityCapacityValue>(Topic.FacilityCapacity, {
      facilityId: 'f1',
      beds: [{ ...line, bedType: 'adolescent', available: 3, confirmedAt: NOW.toISOString() }],
      previousBeds: [],
    }),
  );
  store.applyInsurance(
    envelope(Topic.FacilityInsurance, {
      facilityId: 'f1',
      payers: ['medicaid'],
      privateInsurancePlans: [],
      upfrontPaymentRequired: null,
      previous: null,
    }),
  );
  store.applyAccreditation(
    envelope(Topic.FacilityAccreditation, {
      facilityId: 'f1',
      credentials: [{ type: 'state-licence', status: 'active', expiresOn: null }],
      previousCredentials: [],
    }),
  );
  return store;
}

/** The controller as Nest wires it, with the real handler and store; what it publishes and dead-letters is kept. */
function controller() {
  const sent: { topic: string; messages: { value: string }[] }[] = [];
  const deadLettered: string[] = [];
  const producer = { send: async (batch: typeof sent) => void sent.push(...batch) } as unknown as KafkaProducer;
  const deadLetters = {
    publish: async (_message: unknown, reason: string) => void deadLettered.push(reason),
  } as unknown as DeadLetterPublisher;
  const handler = new MatchReferralHandler(storeWithAdolescentBedsOnly(), producer, loadConfig(MatcherConfig, UNIT_KAFKA_SETTINGS));
  const matched = () => sent.map((batch) => (JSON.parse(batch.messages[0]!.value) as EventEnvelope<ReferralMatchedValue>).payload);
  return { controller: new MatchReferralKafkaController(handler, deadLetters), matched, deadLettered };
}

/** A message as Kafka delivers it on `topic`. */
function delivered(topic: Topic, needs: Record<string, unknown>): KafkaContext {
  const value = JSON.stringify(
    envelope(
      topic,
      {
        referralId: REFERRAL_ID,
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        origin: { zip: '40202', latitude: 38.25, longitude: -85.75 },
        maxDistanceMiles: 50,
        needs: { gender: 'male', pregnant: false, coOccurringMentalIllness: false, substances: ['alcohol'], ...needs },
        submittedAt: NOW.toISOString(),
      },
      REFERRAL_ID,
    ),
  );
  const message = {
    key: Buffer.from(REFERRAL_ID),
    value: Buffer.from(value),
    offset: '0',
    timestamp: String(NOW.getTime()),
    attributes: 0,
    headers: {},
  };
  return new KafkaContext([message, 0, topic, undefined as never, async () => undefined, undefined as never]);
}

describe('MatchReferralKafkaController', () => {
  it('matches a referral.submitted.v3 event on the age band it carries', async () => {
    const teen = controller();
    await teen.controller.onReferralSubmitted(delivered(Topic.ReferralSubmitted, { ageBand: 'under-18' }));
    expect(teen.matched().map((result) => result.matches.map((match) => match.facilityId))).toEqual([['f1']]);

    const adult = controller();
    await adult.controller.onReferralSubmitted(delivered(Topic.ReferralSubmitted, { ageBand: '18-25' }));
    expect(adult.matched()[0]!.excludedByRule).toEqual({ 'no-bed': 1 });
  });

  it('still matches a referral.submitted.v2 event left in the log, by the band of its exact age', async () => {
    const seventeen = controller();
    await seventeen.controller.onReferralSubmittedV2(delivered(Topic.ReferralSubmittedV2, { ageYears: 17 }));
    expect(seventeen.matched().map((result) => result.matches.map((match) => match.facilityId))).toEqual([['f1']]);
    expect(seventeen.deadLettered).toEqual([]);

    const eighteen = controller();
    await eighteen.controller.onReferralSubmittedV2(delivered(Topic.ReferralSubmittedV2, { ageYears: 18 }));
    expect(eighteen.matched()[0]!.excludedByRule).toEqual({ 'no-bed': 1 });
    expect(eighteen.matched()[0]!.nearbyExclusions?.[0]?.detail).toBe('no detox-residential bed for a male patient aged 18–25');
  });

  it('dead-letters an exact age on the new topic and a band on the old one, matching neither', async () => {
    const { controller: consumer, matched, deadLettered } = controller();
    await consumer.onReferralSubmitted(delivered(Topic.ReferralSubmitted, { ageBand: '26-64', ageYears: 30 }));
    await consumer.onReferralSubmittedV2(delivered(Topic.ReferralSubmittedV2, { ageBand: '26-64' }));
    expect(matched()).toEqual([]);
    expect(deadLettered).toEqual([expect.stringContaining('needs.ageYears'), expect.stringContaining('needs.ageYears')]);
  });
});
