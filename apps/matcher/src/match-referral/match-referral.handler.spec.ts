import { Topic, type EventEnvelope, type FacilityCapacityValue, type FacilityProfileValue, type ReferralSubmittedValue } from '#contracts';
import { loadConfig } from '#config';
import type { KafkaProducer } from '#messaging';
import { harborHouseProfile } from '../facility-state/facility-profile.test-factory.js';
import { FacilityStateStore } from '../facility-state/facility-state.store.js';
import { MatcherConfig } from '../matcher.config.js';
import { MatchReferralCommand } from './match-referral.command.js';
import { MatchReferralHandler } from './match-referral.handler.js';
import { UNIT_KAFKA_SETTINGS } from '../../../../test/support/unit-config.js';

const NOW = new Date('2026-11-24T12:00:00.000Z');

function envelope<P extends object>(type: string, payload: P, key = 'f1'): EventEnvelope<P> {
  return {
    eventId: '00000000-0000-4000-8000-000000000001',
    type,
    occurredAt: NOW.toISOString(),
    producer: 'test',
    key,
    sequence: 1,
    payload,
  };
}

/**
 * One licensed facility at the patient's ZIP code, taking Medicaid, with 5 of 10 general detox beds
 * confirmed `hours` ago; `profile` adds to its profile (e.g. substances it does not treat).
 */
function storeWithBedsConfirmedHoursAgo(hours: number, profile: Partial<FacilityProfileValue> = {}): FacilityStateStore {
  const store = new FacilityStateStore();
  store.applyProfile(envelope<FacilityProfileValue>('facility.profile.v2', harborHouseProfile(NOW, profile)));
  store.applyCapacity(
    envelope<FacilityCapacityValue>('facility.capacity.v2', {
      facilityId: 'f1',
      beds: [
        {
          levelOfCare: 'detox-residential',
          bedType: 'general',
          staffed: 10,
          available: 5,
          opening24h: 0,
          opening72h: 0,
          waitlist: false,
          typicalWaitDays: null,
          confirmedAt: new Date(NOW.getTime() - hours * 3_600_000).toISOString(),
        },
      ],
      previousBeds: [],
    }),
  );
  store.applyInsurance(
    envelope('facility.insurance.v1', {
      facilityId: 'f1',
      payers: ['medicaid'],
      privateInsurancePlans: [],
      upfrontPaymentRequired: null,
      previous: null,
    }),
  );
  store.applyAccreditation(
    envelope('facility.accreditation.v1', {
      facilityId: 'f1',
      credentials: [{ type: 'state-licence', status: 'active', expiresOn: null }],
      previousCredentials: [],
    }),
  );
  return store;
}

const referral = envelope<ReferralSubmittedValue>(
  'referral.submitted.v3',
  {
    referralId: '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21',
    levelOfCare: 'detox-residential',
    payer: 'medicaid',
    origin: { zip: '40202', latitude: 38.25, longitude: -85.75 },
    maxDistanceMiles: 50,
    needs: { gender: 'male', ageBand: '26-64', pregnant: false, coOccurringMentalIllness: false, substances: ['alcohol'] },
    submittedAt: NOW.toISOString(),
  },
  '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21',
);

function handler(store: FacilityStateStore, env: NodeJS.ProcessEnv): { handler: MatchReferralHandler; sent: unknown[] } {
  const sent: unknown[] = [];
  const producer = { send: async (batch: unknown[]) => void sent.push(...batch) } as unknown as KafkaProducer;
  return { handler: new MatchReferralHandler(store, producer, loadConfig(MatcherConfig, { ...UNIT_KAFKA_SETTINGS, ...env })), sent };
}

describe('MatchReferralHandler', () => {
  it('treats beds not confirmed within BED_COUNT_STALE_HOURS as unknown', async () => {
    const { handler: match, sent } = handler(storeWithBedsConfirmedHoursAgo(30), {});
    const result = await match.execute(new MatchReferralCommand(referral, NOW));
    expect(result.matches).toEqual([]);
    expect(result.excludedByRule).toEqual({ 'stale-count': 1 });
    expect(sent).toHaveLength(1);
  });

  it('publishes one envelope keyed by referral, with an event id derived from the referral event', async () => {
    const { handler: match, sent } = handler(storeWithBedsConfirmedHoursAgo(1), {});
    await match.execute(new MatchReferralCommand(referral, NOW));
    await match.execute(new MatchReferralCommand(referral, NOW));
    const batches = sent as { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }[];
    const [first, second] = batches.map((batch) => batch.messages[0]!);
    const envelope = JSON.parse(first!.value) as Record<string, unknown>;
    expect(batches[0]!.topic).toBe(Topic.ReferralMatched);
    expect(first!.key).toBe(referral.payload.referralId);
    expect(envelope).toMatchObject({
      type: Topic.ReferralMatched,
      occurredAt: NOW.toISOString(),
      producer: 'matcher',
      key: referral.payload.referralId,
      sequence: referral.sequence,
    });
    // uuid v5 of '<referral event id>:matched': a redelivered referral yields the same id, which the inbox drops.
    expect(envelope['eventId']).toBe('6e72d967-3895-5c5d-a474-63868f7c98d5');
    expect(first!.headers['event-id']).toBe(envelope['eventId']);
    expect(second!.headers['event-id']).toBe(envelope['eventId']);
  });

  it('counts the same beds when BED_COUNT_STALE_HOURS allows their age', async () => {
    const { handler: match } = handler(storeWithBedsConfirmedHoursAgo(30), { BED_COUNT_STALE_HOURS: '48' });
    const result = await match.execute(new MatchReferralCommand(referral, NOW));
    expect(result.matches.map((m) => [m.facilityId, m.bedsAvailable])).toEqual([['f1', 5]]);
    expect(result.matches[0]!.reasons).toContain('5 of 10 detox-residential beds free');
  });

  it('matches on the substances and the rest of the needs the event carries', async () => {
    const { handler: match } = handler(storeWithBedsConfirmedHoursAgo(1, { substancesNotTreated: ['alcohol'] }), {});
    const alcohol = await match.execute(new MatchReferralCommand(referral, NOW));
    expect(alcohol.matches).toEqual([]);
    expect(alcohol.excludedByRule).toEqual({ substance: 1 });
    expect(alcohol.nearbyExclusions?.[0]).toMatchObject({ facilityId: 'f1', rule: 'substance' });

    const opioids = await match.execute(
      new MatchReferralCommand(
        { ...referral, payload: { ...referral.payload, needs: { ...referral.payload.needs, substances: ['opioids'] } } },
        NOW,
      ),
    );
    expect(opioids.matches.map((m) => m.facilityId)).toEqual(['f1']);
  });

  it('leaves out a detox that does not manage the named withdrawal, under its own rule', async () => {
    const { handler: match } = handler(storeWithBedsConfirmedHoursAgo(1, { withdrawalManaged: ['opioids'] }), {});
    const result = await match.execute(new MatchReferralCommand(referral, NOW));
    expect(result.excludedByRule).toEqual({ withdrawal: 1 });
  });

  it('reads absent optional needs as none: no court order, no medication to start, no children', async () => {
    const { handler: match } = handler(storeWithBedsConfirmedHoursAgo(1), {});
    const result = await match.execute(new MatchReferralCommand(referral, NOW));
    expect(result.matches.map((m) => m.facilityId)).toEqual(['f1']);
    const parenting = await match.execute(
      new MatchReferralCommand(
        { ...referral, payload: { ...referral.payload, needs: { ...referral.payload.needs, bedsForChildren: true } } },
        NOW,
      ),
    );
    expect(parenting.excludedByRule).toEqual({ parenting: 1 });
    const dui = await match.execute(
      new MatchReferralCommand(
        { ...referral, payload: { ...referral.payload, needs: { ...referral.payload.needs, courtOrder: 'dui' } } },
        NOW,
      ),
    );
    expect(dui.excludedByRule).toEqual({ 'court-ordered': 1 });
  });
});
