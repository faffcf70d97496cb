import { Topic } from '#contracts';
import { applyStateEvent, STATE_TOPICS } from './facility-state.loader.js';
import { FacilityStateStore } from './facility-state.store.js';

const AT = '2026-11-24T00:00:00.000Z';

/** A message as it arrives from Kafka: key and JSON envelope bytes. */
function message(topic: Topic, payload: object, sequence = 1): { key: Buffer; value: Buffer } {
  const envelope = {
    eventId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    type: topic,
    occurredAt: AT,
    producer: 'facility-registry',
    key: 'f1',
    sequence,
    payload,
  };
  return { key: Buffer.from('f1'), value: Buffer.from(JSON.stringify(envelope)) };
}

const PROFILE = {
  facilityId: 'f1',
  name: 'Harbor House',
  street: '1 Main St',
  city: 'Louisville',
  state: 'KY',
  zip: '40202',
  phone: '502-555-0100',
  latitude: 38.25,
  longitude: -85.75,
  active: true,
  programs: [{ levelOfCare: 'detox-residential', asamEdition: 3, asamLevel: '3.7-WM' }],
  medications: ['buprenorphine'],
  continuesExternalMedication: true,
  therapies: [],
  populations: [],
  gendersAccepted: [],
  ageGroupsAccepted: [],
  languages: ['english'],
  updatedAt: AT,
  previous: null,
};
const CAPACITY = {
  facilityId: 'f1',
  beds: [
    {
      levelOfCare: 'detox-residential',
      bedType: 'male',
      staffed: 12,
      available: 3,
      opening24h: 1,
      opening72h: 2,
      waitlist: false,
      typicalWaitDays: null,
      confirmedAt: AT,
    },
  ],
  previousBeds: [],
};
const ACCREDITATION = {
  facilityId: 'f1',
  credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2027-06-30', identifier: 'KY-1', issuer: 'KY CHFS' }],
  previousCredentials: [],
};
const INSURANCE = {
  facilityId: 'f1',
  payers: ['medicaid', 'sliding-fee'],
  privateInsurancePlans: [],
  upfrontPaymentRequired: false,
  previous: null,
};

function apply(store: FacilityStateStore, topic: string, bytes: { key: Buffer; value: Buffer }): string | null {
  return applyStateEvent(store, topic, bytes.key, bytes.value);
}

describe('applyStateEvent', () => {
  it('covers the four facility topics', () => {
    expect([...STATE_TOPICS].sort()).toEqual(
      [Topic.FacilityAccreditation, Topic.FacilityCapacity, Topic.FacilityInsurance, Topic.FacilityProfile].sort(),
    );
  });

  it('applies each facility topic to its part of the snapshot', () => {
    const store = new FacilityStateStore();
    expect(apply(store, Topic.FacilityProfile, message(Topic.FacilityProfile, PROFILE))).toBeNull();
    expect(apply(store, Topic.FacilityCapacity, message(Topic.FacilityCapacity, CAPACITY))).toBeNull();
    expect(apply(store, Topic.FacilityAccreditation, message(Topic.FacilityAccreditation, ACCREDITATION))).toBeNull();
    expect(apply(store, Topic.FacilityInsurance, message(Topic.FacilityInsurance, INSURANCE))).toBeNull();
    const [snapshot] = [...store.snapshots()];
    expect(snapshot).toMatchObject({
      facilityId: 'f1',
      levelsOfCare: ['detox-residential'],
      payers: ['medicaid', 'sliding-fee'],
      credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2027-06-30' }],
      beds: [{ levelOfCare: 'detox-residential', bedType: 'male', staffed: 12, available: 3 }],
    });
  });

  it('decodes the optional profile lists when they are sent, and none on file when they are not', () => {
    const store = new FacilityStateStore();
    const lists = {
      medicationServices: ['prescribes-buprenorphine'],
      substancesNotTreated: ['alcohol'],
      servesOnlyClientsWith: ['opioids'],
      withdrawalManaged: ['opioids'],
      operators: ['veterans-affairs'],
      supportServices: ['naloxone'],
    };
    expect(apply(store, Topic.FacilityProfile, message(Topic.FacilityProfile, { ...PROFILE, ...lists }))).toBeNull();
    expect([...store.snapshots()][0]).toMatchObject(lists);
    expect(apply(store, Topic.FacilityProfile, message(Topic.FacilityProfile, PROFILE, 2))).toBeNull();
    expect([...store.snapshots()][0]).toMatchObject({ substancesNotTreated: [], withdrawalManaged: [], supportServices: [] });
    const unknown = message(Topic.FacilityProfile, { ...PROFILE, withdrawalManaged: ['nicotine'] }, 3);
    expect(apply(store, Topic.FacilityProfile, unknown)).toMatch(/invalid payload: withdrawalManaged/);
  });

  it('returns the reason for a malformed event and leaves the store alone', () => {
    const store = new FacilityStateStore();
    const bad = message(Topic.FacilityInsurance, { ...INSURANCE, payers: ['barter'] });
    expect(apply(store, Topic.FacilityInsurance, bad)).toMatch(/invalid payload: payers/);
    expect(store.size).toBe(0);
  });

  it('refuses an event whose type belongs on another topic', () => {
    const store = new FacilityStateStore();
    const misplaced = message(Topic.FacilityAccreditation, ACCREDITATION);
    expect(apply(store, Topic.FacilityInsurance, misplaced)).toMatch(/does not belong on facility\.insurance\.v1/);
    expect(store.size).toBe(0);
  });

  it('refuses a topic that is not a facility topic', () => {
    const store = new FacilityStateStore();
    expect(apply(store, Topic.ReferralSubmitted, message(Topic.FacilityProfile, PROFILE))).toMatch(/not a facility state topic/);
    expect(store.size).toBe(0);
  });
});
