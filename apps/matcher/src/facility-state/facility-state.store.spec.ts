import type {
  BedCountValue,
  CredentialValue,
  EventEnvelope,
  FacilityAccreditationValue,
  FacilityCapacityValue,
  FacilityInsuranceValue,
  FacilityProfileValue,
  Payer,
  ProgramValue,
} from '#contracts';
import type { FacilitySnapshot } from '#matching';
import { FacilityStateStore } from './facility-state.store.js';

const AT = '2026-11-24T00:00:00.000Z';

function envelope<P extends object>(type: string, sequence: number, payload: P, facilityId = 'f1'): EventEnvelope<P> {
  return {
    eventId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    type,
    occurredAt: AT,
    producer: 'facility-registry',
    key: facilityId,
    sequence,
    payload,
  };
}

const PROGRAMS: ProgramValue[] = [
  { levelOfCare: 'detox-residential', asamEdition: 3, asamLevel: '3.7-WM' },
  { levelOfCare: 'residential-short-term', asamEdition: 4, asamLevel: '3.5', lengthOfStayDays: 30 },
];

const profile = (sequence: number, overrides: Partial<FacilityProfileValue> = {}): EventEnvelope<FacilityProfileValue> =>
  envelope('facility.profile.v2', sequence, {
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
    programs: PROGRAMS,
    medications: ['buprenorphine', 'naltrexone-extended-release'],
    continuesExternalMedication: true,
    therapies: ['cognitive-behavioral-therapy'],
    populations: ['co-occurring'],
    gendersAccepted: [],
    ageGroupsAccepted: ['adults'],
    languages: ['english', 'spanish'],
    updatedAt: AT,
    previous: null,
    ...overrides,
  });

const bedLine = (overrides: Partial<BedCountValue> = {}): BedCountValue => ({
  levelOfCare: 'detox-residential',
  bedType: 'general',
  staffed: 10,
  available: 4,
  opening24h: 1,
  opening72h: 2,
  waitlist: false,
  typicalWaitDays: null,
  confirmedAt: AT,
  ...overrides,
});

const capacity = (sequence: number, beds: BedCountValue[]): EventEnvelope<FacilityCapacityValue> =>
  envelope('facility.capacity.v2', sequence, { facilityId: 'f1', beds, previousBeds: [] });

const accreditation = (sequence: number, credentials: CredentialValue[]): EventEnvelope<FacilityAccreditationValue> =>
  envelope('facility.accreditation.v1', sequence, { facilityId: 'f1', credentials, previousCredentials: [] });

const insurance = (sequence: number, payers: Payer[]): EventEnvelope<FacilityInsuranceValue> =>
  envelope('facility.insurance.v1', sequence, {
    facilityId: 'f1',
    payers,
    privateInsurancePlans: payers.includes('private-insurance') ? ['Anthem Blue Cross Blue Shield PPO'] : [],
    upfrontPaymentRequired: false,
    previous: null,
  });

function only(store: FacilityStateStore): FacilitySnapshot {
  const snapshots = [...store.snapshots()];
  expect(snapshots).toHaveLength(1);
  return snapshots[0]!;
}

describe('FacilityStateStore', () => {
  describe('snapshot', () => {
    it('lists a facility only once its profile is known, with its latest beds', () => {
      const store = new FacilityStateStore();
      store.applyCapacity(capacity(1, [bedLine({ available: 4 })]));
      expect([...store.snapshots()]).toEqual([]);
      expect(store.size).toBe(1);
      store.applyProfile(profile(1));
      expect(only(store).beds).toEqual([bedLine({ available: 4 })]);
    });

    it('builds the snapshot from the profile, deriving the levels of care from the programs', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      expect(only(store)).toEqual({
        facilityId: 'f1',
        name: 'Harbor House',
        city: 'Louisville',
        state: 'KY',
        latitude: 38.25,
        longitude: -85.75,
        active: true,
        levelsOfCare: ['detox-residential', 'residential-short-term'],
        medications: ['buprenorphine', 'naltrexone-extended-release'],
        continuesExternalMedication: true,
        // The profile event carries none of the optional lists: none on file.
        medicationServices: [],
        substancesNotTreated: [],
        servesOnlyClientsWith: [],
        withdrawalManaged: [],
        operators: [],
        supportServices: [],
        therapies: ['cognitive-behavioral-therapy'],
        populations: ['co-occurring'],
        gendersAccepted: [],
        ageGroupsAccepted: ['adults'],
        languages: ['english', 'spanish'],
        payers: [],
        credentials: [],
        beds: [],
      });
    });

    it('takes the substances, withdrawal, medication services, operators and support services the profile states', () => {
      const store = new FacilityStateStore();
      store.applyProfile(
        profile(1, {
          medicationServices: ['prescribes-buprenorphine', 'no-alcohol-medication'],
          substancesNotTreated: ['alcohol'],
          servesOnlyClientsWith: ['opioids'],
          withdrawalManaged: ['opioids', 'sedatives'],
          operators: ['tribal'],
          supportServices: ['sober-living', 'residential-beds-for-children', 'childcare'],
        }),
      );
      expect(only(store)).toMatchObject({
        medicationServices: ['prescribes-buprenorphine', 'no-alcohol-medication'],
        substancesNotTreated: ['alcohol'],
        servesOnlyClientsWith: ['opioids'],
        withdrawalManaged: ['opioids', 'sedatives'],
        operators: ['tribal'],
        supportServices: ['sober-living', 'residential-beds-for-children', 'childcare'],
      });
      // A later profile without them (an older producer) has none on file again.
      store.applyProfile(profile(2));
      expect(only(store)).toMatchObject({
        medicationServices: [],
        substancesNotTreated: [],
        servesOnlyClientsWith: [],
        withdrawalManaged: [],
        operators: [],
        supportServices: [],
      });
    });

    it('lists a level of care once even when several programs share it', () => {
      const store = new FacilityStateStore();
      const programs: ProgramValue[] = [
        { levelOfCare: 'outpatient', asamEdition: 4, asamLevel: '1.0' },
        { levelOfCare: 'outpatient', asamEdition: 4, asamLevel: '1.5' },
        { levelOfCare: 'intensive-outpatient' },
      ];
      store.applyProfile(profile(1, { programs }));
      expect(only(store).levelsOfCare).toEqual(['outpatient', 'intensive-outpatient']);
    });

    it('has no level of care for a facility without programs', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1, { programs: [] }));
      expect(only(store).levelsOfCare).toEqual([]);
    });

    it('keeps an unknown continuation of outside medication as null', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1, { continuesExternalMedication: null }));
      expect(only(store).continuesExternalMedication).toBeNull();
    });

    it('combines all four topics into one snapshot, whatever order they arrive in', () => {
      const store = new FacilityStateStore();
      store.applyInsurance(insurance(1, ['medicaid', 'self-pay']));
      store.applyAccreditation(accreditation(1, [{ type: 'carf', status: 'active', expiresOn: '2027-01-31', verification: 'verified' }]));
      store.applyCapacity(capacity(1, [bedLine({ bedType: 'male', available: 3, staffed: 12 })]));
      store.applyProfile(profile(1));
      const snapshot = only(store);
      expect(snapshot.payers).toEqual(['medicaid', 'self-pay']);
      expect(snapshot.credentials).toEqual([{ type: 'carf', status: 'active', expiresOn: '2027-01-31', verification: 'verified' }]);
      expect(snapshot.beds).toEqual([bedLine({ bedType: 'male', available: 3, staffed: 12 })]);
      expect(store.size).toBe(1);
    });

    it('rebuilds the snapshot after a change and reuses it otherwise', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      const first = only(store);
      expect(only(store)).toBe(first);
      store.applyInsurance(insurance(1, ['medicare']));
      const second = only(store);
      expect(second).not.toBe(first);
      expect(second.payers).toEqual(['medicare']);
    });

    it('keeps facilities apart', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      store.applyProfile(envelope('facility.profile.v2', 1, { ...profile(1).payload, facilityId: 'f2', name: 'Second' }, 'f2'));
      store.applyInsurance(insurance(1, ['tricare']));
      const byId = new Map([...store.snapshots()].map((snapshot) => [snapshot.facilityId, snapshot]));
      expect(byId.get('f1')!.payers).toEqual(['tricare']);
      expect(byId.get('f2')!.payers).toEqual([]);
      expect(byId.get('f2')!.name).toBe('Second');
    });

    it('forgets everything on clear', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      store.clear();
      expect(store.size).toBe(0);
      expect([...store.snapshots()]).toEqual([]);
      expect(store.applyProfile(profile(1))).toBe('applied');
    });
  });

  describe('profile', () => {
    it('ignores an older profile delivered after a newer one, and a duplicate', () => {
      const store = new FacilityStateStore();
      expect(store.applyProfile(profile(2, { name: 'New name' }))).toBe('applied');
      expect(store.applyProfile(profile(1, { name: 'Old name' }))).toBe('stale');
      expect(store.applyProfile(profile(2, { name: 'Duplicate' }))).toBe('stale');
      expect(only(store).name).toBe('New name');
    });

    it('carries an inactive facility so the rules can exclude it', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      store.applyProfile(profile(2, { active: false }));
      expect(only(store).active).toBe(false);
    });
  });

  describe('capacity', () => {
    it('ignores a capacity event older than the one it holds, and a duplicate', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      expect(store.applyCapacity(capacity(3, [bedLine({ available: 7 })]))).toBe('applied');
      expect(store.applyCapacity(capacity(2, [bedLine({ available: 0 })]))).toBe('stale');
      expect(store.applyCapacity(capacity(3, [bedLine({ available: 0 })]))).toBe('stale');
      expect(only(store).beds.map((bed) => bed.available)).toEqual([7]);
    });

    it('replaces the whole bed board with each capacity event', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      store.applyCapacity(capacity(1, [bedLine(), bedLine({ bedType: 'female' })]));
      store.applyCapacity(capacity(2, []));
      expect(only(store).beds).toEqual([]);
    });

    it('keeps every line of the board with its type, openings, waitlist and confirmation time', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      const lines = [
        bedLine({ bedType: 'male', staffed: 12, available: 3, confirmedAt: '2026-11-23T20:00:00.000Z' }),
        bedLine({ bedType: 'female', staffed: 8, available: 0, waitlist: true, typicalWaitDays: 4 }),
        bedLine({ levelOfCare: 'residential-short-term', bedType: 'adolescent', staffed: 6, available: 1, opening24h: 0 }),
      ];
      store.applyCapacity(capacity(1, lines));
      expect(only(store).beds).toEqual(lines);
    });

    it('does not let a capacity sequence block a profile with a lower one', () => {
      const store = new FacilityStateStore();
      store.applyCapacity(capacity(9, [bedLine()]));
      expect(store.applyProfile(profile(1))).toBe('applied');
    });
  });

  describe('accreditation', () => {
    it('leaves credentials empty until the accreditation event arrives', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      expect(only(store).credentials).toEqual([]);
      expect(store.applyAccreditation(accreditation(1, [{ type: 'state-licence', status: 'active', expiresOn: '2027-06-30' }]))).toBe(
        'applied',
      );
      expect(only(store).credentials).toEqual([
        { type: 'state-licence', status: 'active', expiresOn: '2027-06-30', verification: 'unverified' },
      ]);
    });

    it('keeps the fields the rules read, with a missing expiry as null', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      store.applyAccreditation(
        accreditation(1, [
          { type: 'joint-commission', status: 'active', identifier: 'JC-1234', issuer: 'The Joint Commission', verification: 'verified' },
          { type: 'dea', status: 'suspended', expiresOn: '2026-01-01', identifier: null, issuer: null, verification: 'directory-listed' },
        ]),
      );
      expect(only(store).credentials).toEqual([
        { type: 'joint-commission', status: 'active', expiresOn: null, verification: 'verified' },
        { type: 'dea', status: 'suspended', expiresOn: '2026-01-01', verification: 'directory-listed' },
      ]);
    });

    it('reads a credential from an event without a verification (sent before it existed) as unverified', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      store.applyAccreditation(accreditation(1, [{ type: 'state-licence', status: 'active', expiresOn: null }]));
      expect(only(store).credentials).toEqual([{ type: 'state-licence', status: 'active', expiresOn: null, verification: 'unverified' }]);
    });

    it('ignores an older accreditation event and a duplicate, and replaces the list with a newer one', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      expect(store.applyAccreditation(accreditation(2, [{ type: 'carf', status: 'active' }]))).toBe('applied');
      expect(store.applyAccreditation(accreditation(1, [{ type: 'coa', status: 'active' }]))).toBe('stale');
      expect(store.applyAccreditation(accreditation(2, []))).toBe('stale');
      expect(only(store).credentials.map((credential) => credential.type)).toEqual(['carf']);
      expect(store.applyAccreditation(accreditation(3, [{ type: 'carf', status: 'revoked' }]))).toBe('applied');
      expect(only(store).credentials).toEqual([{ type: 'carf', status: 'revoked', expiresOn: null, verification: 'unverified' }]);
    });

    it('tracks its sequence apart from the other topics', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(5));
      store.applyInsurance(insurance(7, ['medicaid']));
      expect(store.applyAccreditation(accreditation(1, [{ type: 'carf', status: 'active' }]))).toBe('applied');
    });
  });

  describe('insurance', () => {
    it('leaves payers empty until the insurance event arrives', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      expect(only(store).payers).toEqual([]);
      expect(store.applyInsurance(insurance(1, ['medicaid', 'private-insurance', 'scholarship']))).toBe('applied');
      expect(only(store).payers).toEqual(['medicaid', 'private-insurance', 'scholarship']);
    });

    it('ignores an older insurance event and a duplicate, and replaces the payers with a newer one', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(1));
      expect(store.applyInsurance(insurance(4, ['medicare']))).toBe('applied');
      expect(store.applyInsurance(insurance(3, ['medicaid']))).toBe('stale');
      expect(store.applyInsurance(insurance(4, ['tricare']))).toBe('stale');
      expect(only(store).payers).toEqual(['medicare']);
      expect(store.applyInsurance(insurance(5, []))).toBe('applied');
      expect(only(store).payers).toEqual([]);
    });

    it('tracks its sequence apart from the other topics', () => {
      const store = new FacilityStateStore();
      store.applyProfile(profile(5));
      store.applyAccreditation(accreditation(8, [{ type: 'carf', status: 'active' }]));
      store.applyCapacity(capacity(6, [bedLine()]));
      expect(store.applyInsurance(insurance(1, ['no-charge']))).toBe('applied');
      expect(only(store).payers).toEqual(['no-charge']);
    });
  });
});
