import 'reflect-metadata';
import { BedCountValue, FacilityCapacityValue } from '../messages/facility-capacity-v2/facility-capacity.value.js';
import { Topic } from '../topics/topic.enum.js';
import { assertValidPayload, decodeEvent } from './event-codec.js';

const EVENT_ID = '3f1c2b9e-8a4d-4c1e-9b2a-1d2e3f4a5b6c';
const FACILITY_ID = 'fac-0001';

function bed(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    levelOfCare: 'residential-short-term',
    bedType: 'general',
    staffed: 20,
    available: 4,
    opening24h: 1,
    opening72h: 2,
    waitlist: false,
    typicalWaitDays: null,
    confirmedAt: '2025-06-15T11:00:00.000Z',
    ...overrides,
  };
}

function capacityPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    facilityId: FACILITY_ID,
    beds: [bed()],
    previousBeds: [bed({ available: 5 })],
    ...overrides,
  };
}

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: EVENT_ID,
    type: Topic.FacilityCapacity,
    occurredAt: '2025-06-15T12:00:00.000Z',
    producer: 'facility-service',
    key: FACILITY_ID,
    sequence: 1,
    payload: capacityPayload(),
    ...overrides,
  };
}

function without(object: Record<string, unknown>, property: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[property];
  return copy;
}

function decodeCapacity(value: Buffer | string | null | undefined, key: Buffer | string | null | undefined = FACILITY_ID) {
  return decodeEvent(Topic.FacilityCapacity, key, value);
}

function expectRejected(result: ReturnType<typeof decodeCapacity>): string {
  if (result.ok) throw new Error('expected the message to be rejected, but it decoded');
  return result.reason;
}

describe('decodeEvent', () => {
  describe('a valid facility.capacity.v2 message', () => {
    it('decodes from a Buffer key and value', () => {
      const result = decodeCapacity(Buffer.from(JSON.stringify(envelope())), Buffer.from(FACILITY_ID));
      if (!result.ok) throw new Error(`expected a decoded message, got: ${result.reason}`);
      expect(result.envelope).toMatchObject({
        eventId: EVENT_ID,
        type: 'facility.capacity.v2',
        occurredAt: '2025-06-15T12:00:00.000Z',
        producer: 'facility-service',
        key: FACILITY_ID,
        sequence: 1,
      });
      expect(result.envelope.payload.facilityId).toBe(FACILITY_ID);
      expect(result.envelope.payload.beds).toHaveLength(1);
      expect(result.envelope.payload.beds[0]).toMatchObject({ levelOfCare: 'residential-short-term', staffed: 20, available: 4 });
      expect(result.envelope.payload.previousBeds[0]!.available).toBe(5);
    });

    it('decodes from string key and value, into payload class instances', () => {
      const result = decodeCapacity(JSON.stringify(envelope()), FACILITY_ID);
      if (!result.ok) throw new Error(`expected a decoded message, got: ${result.reason}`);
      expect(result.envelope.payload).toBeInstanceOf(FacilityCapacityValue);
      expect(result.envelope.payload.beds[0]).toBeInstanceOf(BedCountValue);
    });

    it('accepts empty bed lists and a zero count', () => {
      const payload = capacityPayload({ beds: [bed({ available: 0, staffed: 0 })], previousBeds: [] });
      expect(decodeCapacity(JSON.stringify(envelope({ payload }))).ok).toBe(true);
    });
  });

  describe('an unreadable value', () => {
    it.each<[string, Buffer | string | null | undefined]>([
      ['null', null],
      ['undefined', undefined],
      ['an empty string', ''],
      ['an empty Buffer', Buffer.alloc(0)],
    ])('rejects %s as having no value', (_label, value) => {
      expect(expectRejected(decodeCapacity(value))).toBe('message has no value');
    });

    it('rejects a value that is not JSON', () => {
      expect(expectRejected(decodeCapacity('{"eventId": '))).toMatch(/^value is not JSON: /);
      expect(expectRejected(decodeCapacity(Buffer.from('hello')))).toMatch(/^value is not JSON: /);
    });

    it.each(['[]', JSON.stringify([envelope()]), 'null', '42', '"text"', 'true'])('rejects JSON %s that is not an object', (value) => {
      expect(expectRejected(decodeCapacity(value))).toBe('value is not a JSON object');
    });
  });

  describe('an invalid envelope', () => {
    it('rejects an eventId that is not a uuid, naming the field', () => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(envelope({ eventId: 'not-a-uuid' }))));
      expect(reason).toMatch(/^invalid envelope: /);
      expect(reason).toMatch(/eventId: /);
    });

    it.each([0, -1, 1.5, '1'])('rejects sequence %p, naming the field', (sequence) => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(envelope({ sequence }))));
      expect(reason).toMatch(/^invalid envelope: /);
      expect(reason).toMatch(/sequence: /);
      expect(reason).not.toMatch(/eventId/);
    });

    it.each(['eventId', 'type', 'occurredAt', 'producer', 'key', 'sequence', 'payload'])('rejects a missing %s, naming it', (field) => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(without(envelope(), field))));
      expect(reason).toMatch(/^invalid envelope: /);
      expect(reason).toContain(`${field}: `);
    });

    it('rejects an occurredAt that is not an ISO-8601 instant', () => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(envelope({ occurredAt: '15/06/2025 12:00' }))));
      expect(reason).toMatch(/occurredAt: /);
    });

    it('rejects a payload that is not an object', () => {
      expect(expectRejected(decodeCapacity(JSON.stringify(envelope({ payload: 'beds' }))))).toMatch(/payload: /);
      expect(expectRejected(decodeCapacity(JSON.stringify(envelope({ payload: [capacityPayload()] }))))).toMatch(/payload: /);
    });

    it('rejects an unknown envelope property', () => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(envelope({ traceId: 'abc' }))));
      expect(reason).toMatch(/^invalid envelope: /);
      expect(reason).toContain('traceId');
    });
  });

  describe('an envelope on the wrong topic or key', () => {
    it('rejects a type that does not match the topic, naming both', () => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(envelope({ type: Topic.FacilityProfile }))));
      expect(reason).toContain('facility.profile.v2');
      expect(reason).toContain('facility.capacity.v2');
      expect(reason).toMatch(/type/);
    });

    it('rejects a message key that differs from the envelope key, naming both', () => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(envelope()), 'fac-9999'));
      expect(reason).toContain('fac-9999');
      expect(reason).toContain(FACILITY_ID);
      expect(reason).toMatch(/key/);
    });

    it('rejects a message with no key', () => {
      const reason = expectRejected(decodeCapacity(JSON.stringify(envelope()), null));
      expect(reason).toContain('(none)');
      expect(reason).toContain(FACILITY_ID);
    });
  });

  describe('an invalid payload', () => {
    const decodeWithPayload = (payload: Record<string, unknown>): string =>
      expectRejected(decodeCapacity(JSON.stringify(envelope({ payload }))));

    it('rejects a negative available count, naming the bed field', () => {
      const reason = decodeWithPayload(capacityPayload({ beds: [bed({ available: -1 })] }));
      expect(reason).toMatch(/^invalid payload: /);
      expect(reason).toContain('beds.0.available: ');
      expect(reason).not.toContain('staffed');
    });

    it('names the position of the offending bed', () => {
      const reason = decodeWithPayload(capacityPayload({ previousBeds: [bed(), bed({ staffed: -3 })] }));
      expect(reason).toContain('previousBeds.1.staffed: ');
    });

    it('rejects a count that is not an integer', () => {
      expect(decodeWithPayload(capacityPayload({ beds: [bed({ available: 2.5 })] }))).toContain('beds.0.available: ');
    });

    it('rejects an unknown levelOfCare', () => {
      const reason = decodeWithPayload(capacityPayload({ beds: [bed({ levelOfCare: 'spa-weekend' })] }));
      expect(reason).toMatch(/^invalid payload: /);
      expect(reason).toContain('beds.0.levelOfCare: ');
    });

    it('rejects an unknown extra property on the payload', () => {
      const reason = decodeWithPayload(capacityPayload({ colour: 'blue' }));
      expect(reason).toMatch(/^invalid payload: /);
      expect(reason).toContain('colour');
      expect(reason).toMatch(/should not exist/);
    });

    it('rejects an unknown extra property on a bed', () => {
      const reason = decodeWithPayload(capacityPayload({ beds: [bed({ wing: 'east' })] }));
      expect(reason).toContain('wing');
      expect(reason).toMatch(/should not exist/);
    });

    it('rejects an unknown bedType and names it', () => {
      const reason = decodeWithPayload(capacityPayload({ beds: [bed({ bedType: 'vip' })] }));
      expect(reason).toContain('beds.0.bedType: ');
    });

    it.each(['bedType', 'opening24h', 'opening72h', 'waitlist', 'confirmedAt'])('rejects a bed line without %s', (field) => {
      expect(decodeWithPayload(capacityPayload({ beds: [without(bed(), field)] }))).toContain(`beds.0.${field}: `);
    });

    it('accepts a bed line whose typicalWaitDays is absent, null or a number of days, and refuses a negative one', () => {
      expect(decodeCapacity(JSON.stringify(envelope({ payload: capacityPayload({ beds: [without(bed(), 'typicalWaitDays')] }) }))).ok).toBe(
        true,
      );
      expect(
        decodeCapacity(JSON.stringify(envelope({ payload: capacityPayload({ beds: [bed({ waitlist: true, typicalWaitDays: 5 })] }) }))).ok,
      ).toBe(true);
      expect(decodeWithPayload(capacityPayload({ beds: [bed({ waitlist: true, typicalWaitDays: -1 })] }))).toContain(
        'beds.0.typicalWaitDays: ',
      );
    });

    it('rejects a missing facilityId and a beds value that is not an array', () => {
      expect(decodeWithPayload(without(capacityPayload(), 'facilityId'))).toContain('facilityId: ');
      expect(decodeWithPayload(capacityPayload({ beds: 'many' }))).toContain('beds: ');
    });
  });
});

describe('assertValidPayload', () => {
  const asCapacity = (payload: Record<string, unknown>): FacilityCapacityValue => payload as unknown as FacilityCapacityValue;

  it('accepts a valid capacity payload', () => {
    expect(() => assertValidPayload(Topic.FacilityCapacity, asCapacity(capacityPayload()))).not.toThrow();
  });

  it('throws for a negative available count, naming the topic and the field', () => {
    const invalid = asCapacity(capacityPayload({ beds: [bed({ available: -2 })] }));
    expect(() => assertValidPayload(Topic.FacilityCapacity, invalid)).toThrow(/facility\.capacity\.v2/);
    expect(() => assertValidPayload(Topic.FacilityCapacity, invalid)).toThrow(/beds\.0\.available: /);
  });

  it('throws for an unknown levelOfCare', () => {
    const invalid = asCapacity(capacityPayload({ beds: [bed({ levelOfCare: 'spa-weekend' })] }));
    expect(() => assertValidPayload(Topic.FacilityCapacity, invalid)).toThrow(/beds\.0\.levelOfCare: /);
  });

  it('throws for an unknown extra property', () => {
    const invalid = asCapacity(capacityPayload({ colour: 'blue' }));
    expect(() => assertValidPayload(Topic.FacilityCapacity, invalid)).toThrow(/colour/);
  });
});

describe('the other facility topics', () => {
  const profileState = {
    name: 'Harbor House',
    street: '1 Main St',
    city: 'Louisville',
    state: 'KY',
    zip: '40202',
    phone: '502-555-0100',
    latitude: 38.25,
    longitude: -85.75,
    active: true,
    programs: [{ levelOfCare: 'detox-residential', asamEdition: 3, asamLevel: '3.7-WM', lengthOfStayDays: null, hoursPerWeek: null }],
    medications: ['buprenorphine'],
    continuesExternalMedication: true,
    therapies: ['cognitive-behavioral-therapy'],
    populations: ['men'],
    gendersAccepted: ['male'],
    ageGroupsAccepted: ['adults'],
    languages: ['english', 'spanish'],
    updatedAt: '2026-01-05T08:00:00.000Z',
  };
  const credential = { type: 'carf', status: 'active', expiresOn: '2027-06-30', identifier: 'C-1', issuer: 'CARF International' };
  const insurance = { payers: ['medicaid', 'private-insurance'], privateInsurancePlans: ['Anthem PPO'], upfrontPaymentRequired: false };

  function decodeOn(
    topic: Topic.FacilityProfile | Topic.FacilityAccreditation | Topic.FacilityInsurance,
    payload: Record<string, unknown>,
  ) {
    return decodeEvent(topic, FACILITY_ID, JSON.stringify(envelope({ type: topic, payload })));
  }

  it('decodes a facility.profile.v2 event for a new facility and one with the previous profile', () => {
    expect(decodeOn(Topic.FacilityProfile, { facilityId: FACILITY_ID, ...profileState, previous: null }).ok).toBe(true);
    const changed = decodeEvent(
      Topic.FacilityProfile,
      FACILITY_ID,
      JSON.stringify(
        envelope({
          type: Topic.FacilityProfile,
          payload: { facilityId: FACILITY_ID, ...profileState, medications: [], previous: profileState },
        }),
      ),
    );
    if (!changed.ok) throw new Error(changed.reason);
    expect(changed.envelope.payload.previous?.medications).toEqual(['buprenorphine']);
  });

  it('names the field of a bad program, medication or language, also inside previous', () => {
    const bad = decodeOn(Topic.FacilityProfile, {
      facilityId: FACILITY_ID,
      ...profileState,
      programs: [{ levelOfCare: 'detox-residential', asamEdition: 5, asamLevel: '9.9' }],
      medications: ['heroin'],
      languages: ['klingon'],
      previous: { ...profileState, therapies: ['bloodletting'] },
    });
    if (bad.ok) throw new Error('expected a rejection');
    expect(bad.reason).toContain('programs.0.asamEdition: ');
    expect(bad.reason).toContain('programs.0.asamLevel: ');
    expect(bad.reason).toContain('medications: ');
    expect(bad.reason).toContain('languages: ');
    expect(bad.reason).toContain('previous.therapies: ');
  });

  it('decodes a facility.accreditation.v1 event and refuses a malformed expiry date', () => {
    expect(decodeOn(Topic.FacilityAccreditation, { facilityId: FACILITY_ID, credentials: [credential], previousCredentials: [] }).ok).toBe(
      true,
    );
    const bad = decodeOn(Topic.FacilityAccreditation, {
      facilityId: FACILITY_ID,
      credentials: [{ ...credential, expiresOn: '30/06/2027', status: 'lapsed' }],
      previousCredentials: [],
    });
    if (bad.ok) throw new Error('expected a rejection');
    expect(bad.reason).toContain('credentials.0.expiresOn: ');
    expect(bad.reason).toContain('credentials.0.status: ');
  });

  it('decodes a facility.insurance.v1 event and refuses an unknown payer', () => {
    expect(decodeOn(Topic.FacilityInsurance, { facilityId: FACILITY_ID, ...insurance, previous: null }).ok).toBe(true);
    expect(decodeOn(Topic.FacilityInsurance, { facilityId: FACILITY_ID, ...insurance, previous: { ...insurance, payers: [] } }).ok).toBe(
      true,
    );
    const bad = decodeOn(Topic.FacilityInsurance, { facilityId: FACILITY_ID, ...insurance, payers: ['bitcoin'], previous: null });
    if (bad.ok) throw new Error('expected a rejection');
    expect(bad.reason).toContain('payers: ');
  });
});

describe('referral.submitted.v3', () => {
  const REFERRAL_ID = '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21';
  const needs = { gender: 'female', ageBand: '26-64', pregnant: true, coOccurringMentalIllness: false, substances: ['opioids'] };
  const submitted = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    referralId: REFERRAL_ID,
    levelOfCare: 'detox-residential',
    payer: 'medicaid',
    origin: { zip: '40202', latitude: 38.25, longitude: -85.75 },
    maxDistanceMiles: 50,
    needs,
    submittedAt: '2026-01-05T08:00:00.000Z',
    ...overrides,
  });
  const decodeSubmitted = (
    payload: Record<string, unknown>,
    topic: Topic.ReferralSubmitted | Topic.ReferralSubmittedV2 = Topic.ReferralSubmitted,
  ) => decodeEvent(topic, REFERRAL_ID, JSON.stringify(envelope({ type: topic, key: REFERRAL_ID, payload })));
  const rejection = (payload: Record<string, unknown>): string => {
    const result = decodeSubmitted(payload);
    if (result.ok) throw new Error('expected a rejection');
    return result.reason;
  };

  it('is the topic referral.submitted.v3; v2 keeps its name so the events still in it can be read', () => {
    expect(Topic.ReferralSubmitted).toBe('referral.submitted.v3');
    expect(Topic.ReferralSubmittedV2).toBe('referral.submitted.v2');
  });

  it('carries the age band and refuses the exact age or a band it does not know', () => {
    expect(rejection(submitted({ needs: { ...needs, ageYears: 40 } }))).toMatch(/needs\.ageYears: property ageYears should not exist/);
    expect(rejection(submitted({ needs: { ...needs, ageBand: '30-39' } }))).toContain('needs.ageBand: ');
    const { ageBand: _ageBand, ...noBand } = needs;
    expect(rejection(submitted({ needs: noBand }))).toContain('needs.ageBand: ');
  });

  it('still decodes a v2 event with the exact age on the v2 topic, and refuses one with a band there', () => {
    const { ageBand: _ageBand, ...v2Needs } = needs;
    expect(decodeSubmitted(submitted({ needs: { ...v2Needs, ageYears: 29 } }), Topic.ReferralSubmittedV2).ok).toBe(true);
    expect(decodeSubmitted(submitted(), Topic.ReferralSubmittedV2).ok).toBe(false);
  });

  it('decodes needs with substances and nothing else new: the optional needs are absent, meaning none', () => {
    const result = decodeSubmitted(submitted());
    if (!result.ok) throw new Error(result.reason);
    expect(result.envelope.payload.needs.substances).toEqual(['opioids']);
    expect(result.envelope.payload.needs.courtOrder).toBeUndefined();
  });

  it('decodes every new need', () => {
    const full = {
      ...needs,
      substances: ['alcohol', 'sedatives'],
      courtOrder: 'dui',
      medication: 'buprenorphine-sublingual',
      startMedication: 'naltrexone-extended-release',
      bedsForChildren: true,
      childcare: false,
      language: null,
    };
    const result = decodeSubmitted(submitted({ needs: full }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.envelope.payload.needs).toMatchObject(full);
    expect(decodeSubmitted(submitted({ needs: { ...needs, courtOrder: null, startMedication: null } })).ok).toBe(true);
  });

  it.each<[string, unknown]>([
    ['absent', undefined],
    ['empty', []],
    ['unknown', ['fentanyl']],
    ['repeated', ['opioids', 'opioids']],
  ])('refuses substances %s, naming needs.substances', (_case, substances) => {
    expect(rejection(submitted({ needs: { ...needs, substances } }))).toContain('needs.substances: ');
  });

  it('refuses the v1 boolean courtOrdered and an unknown court order kind', () => {
    expect(rejection(submitted({ needs: { ...needs, courtOrdered: true } }))).toMatch(/courtOrdered should not exist/);
    expect(rejection(submitted({ needs: { ...needs, courtOrder: 'parole' } }))).toContain('needs.courtOrder: ');
  });

  it('refuses an unknown medication to start and non-boolean family needs', () => {
    const reason = rejection(submitted({ needs: { ...needs, startMedication: 'naloxone', bedsForChildren: 'yes', childcare: 1 } }));
    expect(reason).toContain('needs.startMedication: ');
    expect(reason).toContain('needs.bedsForChildren: ');
    expect(reason).toContain('needs.childcare: ');
  });
});

describe('referral.task.v2', () => {
  const REFERRAL_ID = '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21';
  const task = (patient: Record<string, unknown>): Record<string, unknown> => ({
    taskId: '0c8e3f1a-5b2d-4e6f-8a9b-1c2d3e4f5a6b',
    referralId: REFERRAL_ID,
    facilityId: FACILITY_ID,
    status: 'requested',
    statusReason: null,
    levelOfCare: 'detox-residential',
    patient,
    changedAt: '2026-01-05T08:00:00.000Z',
  });
  const decodeTask = (topic: Topic.ReferralTask | Topic.ReferralTaskV1, payload: Record<string, unknown>) =>
    decodeEvent(topic, REFERRAL_ID, JSON.stringify(envelope({ type: topic, key: REFERRAL_ID, payload })));

  it('is the topic referral.task.v2; v1 keeps its name so the events still in it can be read', () => {
    expect(Topic.ReferralTask).toBe('referral.task.v2');
    expect(Topic.ReferralTaskV1).toBe('referral.task.v1');
  });

  it('carries the gender and the age band, never the exact age', () => {
    expect(decodeTask(Topic.ReferralTask, task({ gender: 'male', ageBand: 'under-18' })).ok).toBe(true);
    const withAge = decodeTask(Topic.ReferralTask, task({ gender: 'male', ageBand: 'under-18', ageYears: 16 }));
    if (withAge.ok) throw new Error('expected a rejection');
    expect(withAge.reason).toMatch(/patient\.ageYears: property ageYears should not exist/);
  });

  it('still decodes a v1 event with the exact age on the v1 topic', () => {
    expect(decodeTask(Topic.ReferralTaskV1, task({ gender: 'male', ageYears: 16 })).ok).toBe(true);
    expect(decodeTask(Topic.ReferralTaskV1, task({ gender: 'male', ageBand: 'under-18' })).ok).toBe(false);
  });
});

describe('a topic a newer version replaced', () => {
  it('is refused to producers, naming the topic to publish on instead', () => {
    const payload = { gender: 'male', ageYears: 16 } as never;
    expect(() => assertValidPayload(Topic.ReferralTaskV1, payload)).toThrow(/referral\.task\.v1: referral\.task\.v2 replaced it/);
    expect(() => assertValidPayload(Topic.ReferralSubmittedV2, payload)).toThrow(/referral\.submitted\.v3 replaced it/);
  });
});
