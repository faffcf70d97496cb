import type { Language, LevelOfCare } from '#contracts';
import { compileFacts, hasValue, SHARED_BIT, summarizeFacts, VOCABULARY, Vocabulary } from './facility-facts.js';
import type { BedCount, FacilitySnapshot } from './facility-snapshot.js';
import { distanceMiles, distanceMilesWithCosines, latitudeCosine } from './geo-distance.js';
import type { MatchRequest } from './match-request.js';
import { evaluateFacility, matchFacilities } from './matching-rules.js';

const AS_OF = new Date('2025-06-15T12:00:00.000Z');
const LEVEL: LevelOfCare = 'residential-short-term';

function bed(overrides: Partial<BedCount> = {}): BedCount {
  return {
    levelOfCare: LEVEL, bedType: 'general', staffed: 20, available: 4, opening24h: 0, opening72h: 0,
    waitlist: false, typicalWaitDays: null, confirmedAt: AS_OF.toISOString(), ...overrides,
  };
}

function facility(overrides: Partial<FacilitySnapshot> = {}): FacilitySnapshot {
  return {
    facilityId: 'f', name: 'Facility f', city: 'Louisville', state: 'KY', latitude: 38.2527, longitude: -85.7585, active: true,
    levelsOfCare: [LEVEL], medications: [], continuesExternalMedication: null, therapies: [], populations: [],
    gendersAccepted: [], ageGroupsAccepted: [], languages: ['english'], payers: ['medicaid'],
    credentials: [{ type: 'state-licence', status: 'active', expiresOn: null }], beds: [bed()], ...overrides,
  };
}

function request(overrides: Partial<MatchRequest> = {}, language?: Language): MatchRequest {
  return {
    levelOfCare: LEVEL, payer: 'medicaid', origin: { latitude: 38.2527, longitude: -85.7585 }, maxDistanceMiles: 50, asOf: AS_OF,
    staleAfterHours: 24, needs: { gender: 'male', ageYears: 30, pregnant: false, coOccurringMentalIllness: false, courtOrdered: false, language },
    ...overrides,
  };
}

describe('Vocabulary', () => {
  it('gives the first 31 values a bit each, and every later one the shared bit', () => {
    const vocabulary = new Vocabulary();
    const bits = Array.from({ length: 34 }, (_, i) => vocabulary.bitOf(`value-${i}`));
    expect(new Set(bits.slice(0, 31)).size).toBe(31);
    expect(bits.slice(0, 31).every((bit) => bit > 0 && (bit & (bit - 1)) === 0)).toBe(true);
    expect(bits.slice(31)).toEqual([SHARED_BIT, SHARED_BIT, SHARED_BIT]);
    expect(vocabulary.bitOf('value-3')).toBe(bits[3]);
    expect(vocabulary.maskOf(['value-0', 'value-2'])).toBe(bits[0]! | bits[2]!);
  });

  it('looks a value on the shared bit up in the list itself', () => {
    expect(hasValue(SHARED_BIT, SHARED_BIT, ['a', 'b'], 'c')).toBe(false);
    expect(hasValue(0, SHARED_BIT, ['a', 'c'], 'c')).toBe(true);
    expect(hasValue(0b110, 0b100, [], 'x')).toBe(true);
    expect(hasValue(0b110, 0b001, ['x'], 'x')).toBe(false);
  });
});

describe('compileFacts', () => {
  it('keeps, of the active credentials, whether one has no expiry and the last expiry date', () => {
    const facts = compileFacts(
      facility({
        credentials: [
          { type: 'state-licence', status: 'active', expiresOn: '2025-07-01' },
          { type: 'state-licence', status: 'active', expiresOn: '2026-01-31' },
          { type: 'carf', status: 'active', expiresOn: '2025-09-30' },
          { type: 'joint-commission', status: 'suspended', expiresOn: null },
        ],
      }),
    );
    expect(facts).toMatchObject({
      credentialUndated: false,
      credentialExpiresLast: '2026-01-31',
      accreditationUndated: false,
      accreditationExpiresLast: '2025-09-30',
    });
    expect(compileFacts(facility()).credentialUndated).toBe(true);
  });

  it('reads each bed line\'s confirmedAt once, an unreadable one as NaN', () => {
    const facts = compileFacts(facility({ beds: [bed(), bed({ confirmedAt: 'yesterday' })] }));
    expect(facts.beds).toHaveLength(10);
    expect(facts.beds[4]).toBe(AS_OF.getTime());
    expect(facts.beds[9]).toBeNaN();
  });

  it('gives the same facts when it borrows from an earlier snapshot\'s as when compiled afresh', () => {
    const earlier = facility({
      languages: ['english', 'spanish'],
      beds: [bed(), bed({ bedType: 'male', confirmedAt: '2025-06-15T10:00:00.000Z' })],
      credentials: [{ type: 'carf', status: 'active', expiresOn: '2025-12-31' }],
    });
    const previous = compileFacts(earlier);
    const changes: Partial<FacilitySnapshot>[] = [
      {},
      { beds: [bed({ available: 0 }), bed({ bedType: 'male', confirmedAt: '2025-06-15T11:00:00.000Z' })] },
      { beds: [bed({ bedType: 'female', confirmedAt: 'not a time' })] },
      { languages: ['english'], payers: ['medicaid', 'self-pay'], levelsOfCare: [LEVEL, 'outpatient'] },
      { languages: [...earlier.languages] },
      { credentials: [{ type: 'carf', status: 'suspended', expiresOn: null }] },
      { latitude: 40.1, active: false, gendersAccepted: ['female'], ageGroupsAccepted: ['adults'], continuesExternalMedication: true },
    ];
    for (const change of changes) {
      const later = { ...earlier, ...change };
      expect(compileFacts(later, previous)).toEqual(compileFacts(later));
    }
  });

  it('marks the levels with a bed line that is not full, whatever its type and age', () => {
    const level = (value: LevelOfCare): number => VOCABULARY.levels.bitOf(value);
    const facts = compileFacts(
      facility({
        levelsOfCare: [LEVEL, 'outpatient', 'detox-residential', 'residential-long-term', 'intensive-outpatient'],
        beds: [
          bed({ available: 0 }),
          bed({ levelOfCare: 'outpatient', bedType: 'adolescent', available: 2, confirmedAt: '2020-01-01T00:00:00.000Z' }),
          bed({ levelOfCare: 'detox-residential', available: Number.NaN }),
          bed({ levelOfCare: 'residential-long-term', available: -1 }),
        ],
      }),
    );
    expect(facts.freeLevels).toBe(level('outpatient') | level('detox-residential'));
    expect(compileFacts(facility({ beds: [] })).freeLevels).toBe(0);
    // Borrowing from an earlier snapshot does not carry the earlier counts over.
    expect(compileFacts(facility({ beds: [bed({ available: 0 })] }), compileFacts(facility())).freeLevels).toBe(0);
  });

  it('keeps the cosine the distance needs, to the same figure as distanceMiles', () => {
    const origin = { latitude: 38.2527, longitude: -85.7585 };
    const there = { latitude: 39.1031, longitude: -84.512 };
    const facts = compileFacts(facility(there));
    expect(distanceMilesWithCosines(origin.latitude, origin.longitude, latitudeCosine(origin.latitude), facts.latitude, facts.longitude, facts.cosLatitude)).toBe(
      distanceMiles(origin, there),
    );
  });
});

describe('summarizeFacts', () => {
  it('joins what the active facilities offer, and leaves the inactive ones out', () => {
    const open = compileFacts(
      facility({
        facilityId: 'open',
        payers: ['medicaid'],
        populations: ['co-occurring'],
        languages: ['english', 'spanish'],
        gendersAccepted: ['female'],
        ageGroupsAccepted: ['adults'],
        credentials: [{ type: 'carf', status: 'active', expiresOn: '2025-09-30' }],
      }),
    );
    const other = compileFacts(
      facility({
        facilityId: 'other',
        payers: ['self-pay'],
        medications: ['buprenorphine'],
        gendersAccepted: ['male'],
        ageGroupsAccepted: ['seniors'],
        credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2026-01-31' }],
        beds: [bed({ available: 0 })],
      }),
    );
    const closed = compileFacts(
      facility({
        facilityId: 'closed',
        active: false,
        payers: ['tricare'],
        continuesExternalMedication: true,
        credentials: [{ type: 'state-licence', status: 'active', expiresOn: null }],
        beds: [bed({ levelOfCare: 'outpatient' })],
      }),
    );
    expect(summarizeFacts([open, other, closed])).toEqual({
      active: 2,
      levels: open.levels | other.levels,
      freeLevels: open.freeLevels,
      payers: open.payers | other.payers,
      populations: open.populations,
      languages: open.languages,
      medications: other.medications,
      genders: open.genders | other.genders,
      ageGroups: open.ageGroups | other.ageGroups,
      continuesExternalMedication: false,
      credentialUndated: false,
      credentialExpiresLast: '2026-01-31',
      accreditationUndated: false,
      accreditationExpiresLast: '2025-09-30',
    });
  });

  it('counts a facility that lists no genders or age groups as accepting all of them', () => {
    const summary = summarizeFacts([compileFacts(facility({ gendersAccepted: [], ageGroupsAccepted: [] }))]);
    expect(summary.genders & VOCABULARY.genders.bitOf('female')).not.toBe(0);
    expect(summary.ageGroups & SHARED_BIT).not.toBe(0);
  });

  it('summarizes no active facility as offering nothing', () => {
    expect(summarizeFacts([compileFacts(facility({ active: false }))])).toMatchObject({ active: 0, levels: 0, freeLevels: 0, payers: 0, genders: 0 });
    expect(summarizeFacts([]).active).toBe(0);
  });
});

describe('the rules over compiled facts', () => {
  it('match a value beyond the 31 the vocabulary gives bits to exactly as the list does', () => {
    // Out-of-contract values, as only hand-made data carries them: 40 languages fill the vocabulary.
    const many = Array.from({ length: 40 }, (_, i) => `language-${i}` as Language);
    const speaks = facility({ facilityId: 'speaks', languages: ['english', ...many] });
    const lacks = facility({ facilityId: 'lacks', languages: ['english', ...many.slice(0, 35)] });
    const result = matchFacilities(request({}, many[38]), [speaks, lacks]);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['speaks']);
    expect(result.excludedByRule).toEqual({ language: 1 });
    expect(evaluateFacility(request({}, many[2]), lacks).fits).toBe(true);
  });

  it('see a facility upserted anew, not the facts of an earlier snapshot', () => {
    const before = facility({ beds: [bed({ available: 0 })] });
    expect(matchFacilities(request(), [before]).matches).toEqual([]);
    expect(matchFacilities(request(), [{ ...before, beds: [bed({ available: 3 })] }]).matches).toHaveLength(1);
  });
});
