import type { AgeGroup, BedType, Gender, Payer } from '#contracts';
import type { BedCount, Credential, FacilitySnapshot } from './facility-snapshot.js';
import type { MatchRequest, PatientNeeds } from './match-request.js';
import {
  ageGroupsFor,
  bedTypeFits,
  evaluateFacility,
  isBedCountStale,
  isCredentialValid,
  matchFacilities,
  type Evaluation,
  type FacilityMatch,
} from './matching-rules.js';

const AS_OF = new Date('2025-06-15T12:00:00.000Z');
const LOUISVILLE = { latitude: 38.2527, longitude: -85.7585 };
const LEXINGTON = { latitude: 38.0406, longitude: -84.5037 };
/** Miles per degree of latitude on the sphere the distance function uses. */
const MILES_PER_DEGREE = (3958.8 * Math.PI) / 180;
const LEVEL = 'residential-short-term' as const;

/** A point `miles` due north of Louisville. */
function northOfOrigin(miles: number): { latitude: number; longitude: number } {
  return { latitude: LOUISVILLE.latitude + miles / MILES_PER_DEGREE, longitude: LOUISVILLE.longitude };
}

function hoursBefore(hours: number): string {
  return new Date(AS_OF.getTime() - hours * 3_600_000).toISOString();
}

/** One general bed line of the requested level, 4 of 20 free, confirmed just now; override what a test is about. */
function bed(overrides: Partial<BedCount> = {}): BedCount {
  return {
    levelOfCare: LEVEL,
    bedType: 'general',
    staffed: 20,
    available: 4,
    opening24h: 0,
    opening72h: 0,
    waitlist: false,
    typicalWaitDays: null,
    confirmedAt: AS_OF.toISOString(),
    ...overrides,
  };
}

/** A facility that fits the default request, at the origin; override what a test is about. */
function facility(overrides: Partial<FacilitySnapshot> = {}): FacilitySnapshot {
  return {
    facilityId: 'fac-default',
    name: 'Default Recovery Center',
    city: 'Louisville',
    state: 'KY',
    latitude: LOUISVILLE.latitude,
    longitude: LOUISVILLE.longitude,
    active: true,
    levelsOfCare: [LEVEL],
    medications: ['buprenorphine'],
    continuesExternalMedication: true,
    therapies: ['cognitive-behavioral-therapy'],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: [],
    languages: ['english'],
    payers: ['medicaid'],
    credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2026-06-30' }],
    beds: [bed()],
    ...overrides,
  };
}

function request(overrides: Partial<Omit<MatchRequest, 'needs'>> = {}, needs: Partial<PatientNeeds> = {}): MatchRequest {
  return {
    levelOfCare: LEVEL,
    payer: 'medicaid',
    origin: LOUISVILLE,
    maxDistanceMiles: 100,
    asOf: AS_OF,
    staleAfterHours: 24,
    ...overrides,
    needs: {
      gender: 'male',
      ageYears: 30,
      pregnant: false,
      coOccurringMentalIllness: false,
      courtOrdered: false,
      ...needs,
    },
  };
}

function expectFits(evaluation: Evaluation): FacilityMatch {
  if (!evaluation.fits) throw new Error(`expected a fit, got excluded by ${evaluation.rule}: ${evaluation.detail}`);
  return evaluation.match;
}

function expectExcluded(evaluation: Evaluation, rule: string): string {
  if (evaluation.fits) throw new Error(`expected exclusion by ${rule}, but the facility fits`);
  expect(evaluation.rule).toBe(rule);
  return evaluation.detail;
}

describe('ageGroupsFor', () => {
  it.each<[number, AgeGroup[]]>([
    [0, ['children-adolescents']],
    [17, ['children-adolescents']],
    [18, ['young-adults', 'adults']],
    [25, ['young-adults', 'adults']],
    [26, ['adults']],
    [30, ['adults']],
    [64, ['adults']],
    [65, ['seniors', 'adults']],
    [70, ['seniors', 'adults']],
  ])('puts a %i-year-old in %j', (age, groups) => {
    expect(ageGroupsFor(age)).toEqual(groups);
  });
});

describe('isCredentialValid', () => {
  const licence = (overrides: Partial<Credential>): Credential => ({ type: 'state-licence', status: 'active', ...overrides });

  it('rejects an active credential that expired yesterday', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-14' }), AS_OF)).toBe(false);
  });

  it('accepts a credential that expires today, through the end of the day', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-15' }), AS_OF)).toBe(true);
    expect(isCredentialValid(licence({ expiresOn: '2025-06-15' }), new Date('2025-06-15T23:59:59.999Z'))).toBe(true);
  });

  it('rejects it from the first moment of the following day', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-15' }), new Date('2025-06-16T00:00:00.000Z'))).toBe(false);
  });

  it('accepts a credential expiring in the future', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-16' }), AS_OF)).toBe(true);
  });

  it('accepts an active credential with no stated expiry', () => {
    expect(isCredentialValid(licence({ expiresOn: null }), AS_OF)).toBe(true);
    expect(isCredentialValid(licence({}), AS_OF)).toBe(true);
  });

  it.each(['revoked', 'suspended', 'expired'] as const)('rejects a %s credential even with a future or no expiry', (status) => {
    expect(isCredentialValid(licence({ status, expiresOn: '2030-01-01' }), AS_OF)).toBe(false);
    expect(isCredentialValid(licence({ status, expiresOn: null }), AS_OF)).toBe(false);
  });
});

describe('bedTypeFits', () => {
  it.each<[BedType, Gender, number, boolean]>([
    ['general', 'male', 30, true],
    ['general', 'female', 15, true],
    ['general', 'male', 0, true],
    ['male', 'male', 18, true],
    ['male', 'male', 17, false],
    ['male', 'female', 30, false],
    ['female', 'female', 18, true],
    ['female', 'female', 17, false],
    ['female', 'male', 30, false],
    ['adolescent', 'male', 17, true],
    ['adolescent', 'female', 12, true],
    ['adolescent', 'female', 18, false],
  ])('%s beds for a %s patient aged %i: %s', (bedType, gender, ageYears, fits) => {
    expect(bedTypeFits(bedType, { gender, ageYears })).toBe(fits);
  });
});

describe('isBedCountStale', () => {
  it('is fresh up to and including staleAfterHours, stale a millisecond later', () => {
    expect(isBedCountStale(hoursBefore(0), AS_OF, 24)).toBe(false);
    expect(isBedCountStale(hoursBefore(24), AS_OF, 24)).toBe(false);
    expect(isBedCountStale(new Date(AS_OF.getTime() - 24 * 3_600_000 - 1).toISOString(), AS_OF, 24)).toBe(true);
  });

  it('treats a confirmation slightly in the future (clock skew) as fresh', () => {
    expect(isBedCountStale(new Date(AS_OF.getTime() + 60_000).toISOString(), AS_OF, 1)).toBe(false);
  });

  it('treats an unreadable time as stale', () => {
    expect(isBedCountStale('not a time', AS_OF, 720)).toBe(true);
  });
});

describe('evaluateFacility', () => {
  it('accepts the baseline facility (the control for every exclusion below)', () => {
    const match = expectFits(evaluateFacility(request(), facility()));
    expect(match).toMatchObject({
      facilityId: 'fac-default',
      name: 'Default Recovery Center',
      city: 'Louisville',
      state: 'KY',
      distanceMiles: 0,
      bedsAvailable: 4,
    });
  });

  describe('inactive', () => {
    it('excludes an inactive facility', () => {
      const detail = expectExcluded(evaluateFacility(request(), facility({ active: false })), 'inactive');
      expect(detail).toMatch(/not active/);
    });

    it('reports inactive first even when other rules would also fail', () => {
      const hopeless = facility({ active: false, levelsOfCare: [], payers: [], credentials: [], beds: [] });
      expectExcluded(evaluateFacility(request(), hopeless), 'inactive');
    });
  });

  describe('level-of-care', () => {
    it('excludes a facility that does not offer the requested level', () => {
      const detox = facility({ levelsOfCare: ['detox-residential'] });
      const detail = expectExcluded(evaluateFacility(request(), detox), 'level-of-care');
      expect(detail).toContain(LEVEL);
    });

    it('excludes it even if a bed record exists for that level', () => {
      const stale = facility({ levelsOfCare: ['outpatient'] });
      expectExcluded(evaluateFacility(request(), stale), 'level-of-care');
    });

    it('accepts a facility offering the level among several', () => {
      const several = facility({ levelsOfCare: ['outpatient', LEVEL, 'detox-residential'] });
      expectFits(evaluateFacility(request(), several));
    });
  });

  describe('no-bed', () => {
    it('excludes a level with 0 available beds', () => {
      const full = facility({ beds: [bed({ staffed: 20, available: 0 })] });
      const detail = expectExcluded(evaluateFacility(request(), full), 'no-bed');
      expect(detail).toContain(LEVEL);
    });

    it('excludes a level that is offered but has no bed record', () => {
      const unknown = facility({ beds: [] });
      expectExcluded(evaluateFacility(request(), unknown), 'no-bed');
    });

    it('excludes when only another level has beds free', () => {
      const other = facility({
        levelsOfCare: [LEVEL, 'outpatient'],
        beds: [bed({ levelOfCare: 'outpatient', staffed: 50, available: 30 })],
      });
      expectExcluded(evaluateFacility(request(), other), 'no-bed');
    });

    it('accepts a single free bed', () => {
      const one = facility({ beds: [bed({ staffed: 20, available: 1 })] });
      expect(expectFits(evaluateFacility(request(), one)).bedsAvailable).toBe(1);
    });

    it('does not count beds that are only expected to open, nor a waitlist', () => {
      const opening = facility({
        beds: [bed({ available: 0, opening24h: 3, opening72h: 5, waitlist: true, typicalWaitDays: 2 })],
      });
      expectExcluded(evaluateFacility(request(), opening), 'no-bed');
    });
  });

  describe('bed types', () => {
    const lines = (...specs: [BedType, number, number][]): BedCount[] =>
      specs.map(([bedType, available, staffed]) => bed({ bedType, available, staffed }));

    it('gives an adult man male beds, saying which beds', () => {
      const match = expectFits(evaluateFacility(request(), facility({ beds: lines(['male', 3, 12]) })));
      expect(match.bedsAvailable).toBe(3);
      expect(match.reasons).toContain(`3 of 12 ${LEVEL} beds free (male beds)`);
    });

    it('gives an adult woman female beds', () => {
      const match = expectFits(evaluateFacility(request({}, { gender: 'female' }), facility({ beds: lines(['female', 2, 8]) })));
      expect(match.reasons).toContain(`2 of 8 ${LEVEL} beds free (female beds)`);
    });

    it('does not name the type when only general beds are used', () => {
      const match = expectFits(evaluateFacility(request(), facility({ beds: lines(['general', 3, 16]) })));
      expect(match.reasons).toContain(`3 of 16 ${LEVEL} beds free`);
    });

    it('excludes a man where only female beds are free, naming the patient', () => {
      const womenBeds = facility({ beds: lines(['female', 5, 10]) });
      const detail = expectExcluded(evaluateFacility(request({}, { gender: 'male', ageYears: 30 }), womenBeds), 'no-bed');
      expect(detail).toBe(`no ${LEVEL} bed for a 30-year-old male patient`);
    });

    it('excludes a man when his beds are full even though female beds are free', () => {
      const beds = lines(['female', 5, 10], ['male', 0, 12]);
      const detail = expectExcluded(evaluateFacility(request(), facility({ beds })), 'no-bed');
      expect(detail).toBe(`no bed free in ${LEVEL} (male beds)`);
    });

    it('gives a 17-year-old adolescent beds, not male beds', () => {
      const teen = request({}, { gender: 'male', ageYears: 17 });
      expectExcluded(evaluateFacility(teen, facility({ beds: lines(['male', 4, 10]) })), 'no-bed');
      const match = expectFits(evaluateFacility(teen, facility({ beds: lines(['male', 4, 10], ['adolescent', 2, 6]) })));
      expect(match.bedsAvailable).toBe(2);
      expect(match.reasons).toContain(`2 of 6 ${LEVEL} beds free (adolescent beds)`);
    });

    it('gives an 18-year-old adult beds, not adolescent beds', () => {
      const adult = request({}, { gender: 'female', ageYears: 18 });
      expectExcluded(evaluateFacility(adult, facility({ beds: lines(['adolescent', 4, 10]) })), 'no-bed');
      const withFemaleBeds = facility({ beds: lines(['adolescent', 4, 10], ['female', 1, 4]) });
      expect(expectFits(evaluateFacility(adult, withFemaleBeds)).bedsAvailable).toBe(1);
    });

    it('gives general beds to anyone', () => {
      const general = facility({ beds: lines(['general', 1, 5]) });
      const patients = [
        { gender: 'male', ageYears: 40 },
        { gender: 'female', ageYears: 16 },
        { gender: 'female', ageYears: 70 },
      ] as const;
      for (const needs of patients) {
        expect(expectFits(evaluateFacility(request({}, needs), general)).bedsAvailable).toBe(1);
      }
    });
  });

  describe('stale-count', () => {
    const confirmedHoursAgo = (hours: number): FacilitySnapshot => facility({ beds: [bed({ confirmedAt: hoursBefore(hours) })] });

    it('accepts a count confirmed exactly staleAfterHours ago, and one just inside the window', () => {
      expectFits(evaluateFacility(request({ staleAfterHours: 24 }), confirmedHoursAgo(24)));
      expectFits(evaluateFacility(request({ staleAfterHours: 24 }), confirmedHoursAgo(24 - 1 / 3600)));
    });

    it('excludes a count confirmed just outside the window, saying how recent it must be', () => {
      const justOver = facility({ beds: [bed({ confirmedAt: new Date(AS_OF.getTime() - 24 * 3_600_000 - 1).toISOString() })] });
      const detail = expectExcluded(evaluateFacility(request({ staleAfterHours: 24 }), justOver), 'stale-count');
      expect(detail).toBe(`${LEVEL} bed count not confirmed in the last 24 h`);
    });

    it('uses the window the request gives', () => {
      expectExcluded(evaluateFacility(request({ staleAfterHours: 24 }), confirmedHoursAgo(36)), 'stale-count');
      expectFits(evaluateFacility(request({ staleAfterHours: 48 }), confirmedHoursAgo(36)));
      const detail = expectExcluded(evaluateFacility(request({ staleAfterHours: 6 }), confirmedHoursAgo(7)), 'stale-count');
      expect(detail).toContain('not confirmed in the last 6 h');
    });

    it('does not count stale free beds beside a fresh full line: that is no bed, not a stale count', () => {
      const beds = [
        bed({ bedType: 'general', available: 9, confirmedAt: hoursBefore(30) }),
        bed({ bedType: 'male', available: 0 }),
      ];
      expectExcluded(evaluateFacility(request(), facility({ beds })), 'no-bed');
    });

    it('counts only the fresh lines when some fitting lines are stale', () => {
      const beds = [
        bed({ bedType: 'general', available: 10, staffed: 20, confirmedAt: hoursBefore(30) }),
        bed({ bedType: 'male', available: 2, staffed: 6, confirmedAt: hoursBefore(1) }),
      ];
      const match = expectFits(evaluateFacility(request(), facility({ beds })));
      expect(match.bedsAvailable).toBe(2);
      expect(match.reasons).toContain(`2 of 6 ${LEVEL} beds free (male beds)`);
    });

    it('judges staleness only on the lines that fit the patient', () => {
      const freshWomenStaleMen = [
        bed({ bedType: 'female', available: 5 }),
        bed({ bedType: 'male', available: 5, confirmedAt: hoursBefore(30) }),
      ];
      expectExcluded(evaluateFacility(request(), facility({ beds: freshWomenStaleMen })), 'stale-count');
      const staleWomenOnly = [bed({ bedType: 'female', available: 5, confirmedAt: hoursBefore(30) })];
      expectExcluded(evaluateFacility(request(), facility({ beds: staleWomenOnly })), 'no-bed');
    });

    it('comes after level-of-care and before payer', () => {
      const staleAndWrongLevel = facility({ levelsOfCare: ['outpatient'], beds: [bed({ confirmedAt: hoursBefore(48) })] });
      expectExcluded(evaluateFacility(request(), staleAndWrongLevel), 'level-of-care');
      const staleAndWrongPayer = facility({ payers: [], beds: [bed({ confirmedAt: hoursBefore(48) })] });
      expectExcluded(evaluateFacility(request(), staleAndWrongPayer), 'stale-count');
    });
  });

  describe('several bed lines', () => {
    it('sums free and staffed beds over every fitting line', () => {
      const beds = [
        bed({ bedType: 'general', available: 3, staffed: 10 }),
        bed({ bedType: 'male', available: 4, staffed: 12 }),
        bed({ bedType: 'female', available: 6, staffed: 8 }),
        bed({ bedType: 'adolescent', available: 2, staffed: 4 }),
        bed({ levelOfCare: 'outpatient', bedType: 'general', available: 30, staffed: 50 }),
      ];
      const match = expectFits(evaluateFacility(request(), facility({ levelsOfCare: [LEVEL, 'outpatient'], beds })));
      expect(match.bedsAvailable).toBe(7);
      expect(match.reasons).toContain(`7 of 22 ${LEVEL} beds free (general and male beds)`);
    });

    it('fits when one fitting line is full and another has a bed', () => {
      const beds = [bed({ bedType: 'general', available: 0, staffed: 10 }), bed({ bedType: 'female', available: 1, staffed: 4 })];
      const match = expectFits(evaluateFacility(request({}, { gender: 'female' }), facility({ beds })));
      expect(match.reasons).toContain(`1 of 14 ${LEVEL} beds free (general and female beds)`);
    });

    it('scores the summed beds and the most recently confirmed line used', () => {
      const beds = [
        bed({ bedType: 'general', available: 3, confirmedAt: hoursBefore(20) }),
        bed({ bedType: 'male', available: 4, confirmedAt: hoursBefore(6) }),
        // newer, but not for this patient: it must not make the count look fresher
        bed({ bedType: 'female', available: 9, confirmedAt: hoursBefore(0) }),
      ];
      // 0.6 * 1 + 0.25 * (7/10) + 0.15 * (1 - 6/24)
      expect(expectFits(evaluateFacility(request(), facility({ beds }))).score).toBeCloseTo(0.6 + 0.175 + 0.1125, 4);
    });
  });

  describe('payer', () => {
    it('excludes a facility that does not take the patient payer, naming it', () => {
      const privateOnly = facility({ payers: ['private-insurance'] });
      const detail = expectExcluded(evaluateFacility(request({ payer: 'medicaid' }), privateOnly), 'payer');
      expect(detail).toContain('Medicaid');
    });

    it('accepts a facility that takes the payer among several', () => {
      const several = facility({ payers: ['private-insurance', 'tricare', 'medicaid'] });
      const match = expectFits(evaluateFacility(request({ payer: 'tricare' }), several));
      expect(match.reasons).toContain('accepts TRICARE');
    });

    it.each<[Payer, string]>([
      ['self-pay', 'self-pay'],
      ['sliding-fee', 'a sliding fee scale'],
      ['state-financed', 'state-financed coverage'],
      ['payment-assistance', 'payment assistance'],
      ['scholarship', 'scholarships'],
      ['no-charge', 'free of charge'],
    ])('lets an uninsured patient use a facility offering only %s', (payer, label) => {
      const match = expectFits(evaluateFacility(request({ payer: 'uninsured' }), facility({ payers: [payer] })));
      expect(match.reasons).toContain(`uninsured patients: ${label}`);
    });

    it('lists every uninsured option a facility offers', () => {
      const mixed = facility({ payers: ['medicaid', 'self-pay', 'private-insurance', 'sliding-fee'] });
      const match = expectFits(evaluateFacility(request({ payer: 'uninsured' }), mixed));
      expect(match.reasons).toContain('uninsured patients: self-pay, a sliding fee scale');
    });

    it.each<Payer[]>([['private-insurance'], ['medicaid', 'medicare', 'private-insurance', 'tricare']])(
      'excludes a facility with only insurance (%j) for an uninsured patient',
      (...payers) => {
        const detail = expectExcluded(evaluateFacility(request({ payer: 'uninsured' }), facility({ payers })), 'payer');
        expect(detail).toMatch(/uninsured/);
      },
    );

    it('does not treat self-pay as a match for an insured payer', () => {
      expectExcluded(evaluateFacility(request({ payer: 'medicare' }), facility({ payers: ['self-pay'] })), 'payer');
    });
  });

  describe('credential', () => {
    const withLicence = (credential: Credential): FacilitySnapshot => facility({ credentials: [credential] });

    it('excludes a facility whose only licence expired yesterday', () => {
      const expired = withLicence({ type: 'state-licence', status: 'active', expiresOn: '2025-06-14' });
      const detail = expectExcluded(evaluateFacility(request(), expired), 'credential');
      expect(detail).toMatch(/licence|accreditation/);
    });

    it('accepts a licence that expires today', () => {
      const today = withLicence({ type: 'state-licence', status: 'active', expiresOn: '2025-06-15' });
      expectFits(evaluateFacility(request(), today));
    });

    it('excludes a revoked licence', () => {
      const revoked = withLicence({ type: 'state-licence', status: 'revoked', expiresOn: '2030-01-01' });
      expectExcluded(evaluateFacility(request(), revoked), 'credential');
    });

    it('accepts a licence with no expiry', () => {
      const open = withLicence({ type: 'carf', status: 'active', expiresOn: null });
      const match = expectFits(evaluateFacility(request(), open));
      expect(match.reasons).toContain('valid carf');
    });

    it('excludes a facility with no credentials at all', () => {
      expectExcluded(evaluateFacility(request(), facility({ credentials: [] })), 'credential');
    });

    it('accepts when one credential is valid and another has lapsed, listing only the valid one', () => {
      const mixed = facility({
        credentials: [
          { type: 'state-licence', status: 'active', expiresOn: '2025-06-14' },
          { type: 'joint-commission', status: 'active', expiresOn: '2027-01-01' },
          { type: 'carf', status: 'suspended', expiresOn: null },
        ],
      });
      const match = expectFits(evaluateFacility(request(), mixed));
      expect(match.reasons).toContain('valid joint-commission');
    });
  });

  describe('gender', () => {
    it('excludes a male patient from a women-only facility', () => {
      const womenOnly = facility({ gendersAccepted: ['female'] });
      const detail = expectExcluded(evaluateFacility(request({}, { gender: 'male' }), womenOnly), 'gender');
      expect(detail).toContain('male');
    });

    it('accepts a female patient at a women-only facility', () => {
      expectFits(evaluateFacility(request({}, { gender: 'female' }), facility({ gendersAccepted: ['female'] })));
    });

    it('treats an empty list as accepting every gender', () => {
      expectFits(evaluateFacility(request({}, { gender: 'female' }), facility({ gendersAccepted: [] })));
      expectFits(evaluateFacility(request({}, { gender: 'male' }), facility({ gendersAccepted: [] })));
    });
  });

  describe('age', () => {
    const adultsOnly = facility({ ageGroupsAccepted: ['adults'] });

    it('excludes a 17-year-old from an adults-only facility', () => {
      const detail = expectExcluded(evaluateFacility(request({}, { ageYears: 17 }), adultsOnly), 'age');
      expect(detail).toContain('17');
    });

    it('accepts a 30-year-old at an adults-only facility', () => {
      expectFits(evaluateFacility(request({}, { ageYears: 30 }), adultsOnly));
    });

    it('accepts a 70-year-old at an adults-only facility (seniors are adults)', () => {
      expectFits(evaluateFacility(request({}, { ageYears: 70 }), adultsOnly));
    });

    it('accepts a 20-year-old at an adults-only facility (young adults are adults)', () => {
      expectFits(evaluateFacility(request({}, { ageYears: 20 }), adultsOnly));
    });

    it('accepts a 17-year-old at an adolescent facility but excludes a 30-year-old there', () => {
      const adolescents = facility({ ageGroupsAccepted: ['children-adolescents'] });
      expectFits(evaluateFacility(request({}, { ageYears: 17 }), adolescents));
      expectExcluded(evaluateFacility(request({}, { ageYears: 30 }), adolescents), 'age');
    });

    it('excludes a 30-year-old from a seniors-only facility and accepts a 70-year-old', () => {
      const seniors = facility({ ageGroupsAccepted: ['seniors'] });
      expectExcluded(evaluateFacility(request({}, { ageYears: 30 }), seniors), 'age');
      expectFits(evaluateFacility(request({}, { ageYears: 70 }), seniors));
    });

    it('treats an empty list as accepting every age', () => {
      expectFits(evaluateFacility(request({}, { ageYears: 17 }), facility({ ageGroupsAccepted: [] })));
    });
  });

  describe('special populations', () => {
    it('excludes a facility without a pregnancy program for a pregnant patient', () => {
      const detail = expectExcluded(
        evaluateFacility(request({}, { gender: 'female', pregnant: true }), facility({ populations: ['women'] })),
        'pregnancy',
      );
      expect(detail).toMatch(/pregnant/);
    });

    it('accepts a pregnant patient where there is a pregnancy program, saying so', () => {
      const match = expectFits(
        evaluateFacility(request({}, { gender: 'female', pregnant: true }), facility({ populations: ['pregnant-postpartum'] })),
      );
      expect(match.reasons).toContain('serves pregnant or postpartum women');
    });

    it('excludes a facility without a co-occurring program when the patient needs one', () => {
      expectExcluded(evaluateFacility(request({}, { coOccurringMentalIllness: true }), facility()), 'co-occurring');
      const match = expectFits(
        evaluateFacility(request({}, { coOccurringMentalIllness: true }), facility({ populations: ['co-occurring'] })),
      );
      expect(match.reasons).toContain('serves co-occurring mental illness');
    });

    it('excludes a facility without a criminal-justice program for a court-ordered patient', () => {
      expectExcluded(evaluateFacility(request({}, { courtOrdered: true }), facility({ populations: ['veterans'] })), 'court-ordered');
      const match = expectFits(evaluateFacility(request({}, { courtOrdered: true }), facility({ populations: ['criminal-justice'] })));
      expect(match.reasons).toContain('serves criminal-justice clients');
    });

    it('checks every need: a facility with two of three programs is excluded by the missing one', () => {
      const needs = { gender: 'female' as const, pregnant: true, coOccurringMentalIllness: true, courtOrdered: true };
      expectExcluded(
        evaluateFacility(request({}, needs), facility({ populations: ['pregnant-postpartum', 'co-occurring'] })),
        'court-ordered',
      );
      expectExcluded(
        evaluateFacility(request({}, needs), facility({ populations: ['pregnant-postpartum', 'criminal-justice'] })),
        'co-occurring',
      );
      expectFits(
        evaluateFacility(request({}, needs), facility({ populations: ['pregnant-postpartum', 'co-occurring', 'criminal-justice'] })),
      );
    });

    it('does not require a program the patient does not need', () => {
      const match = expectFits(evaluateFacility(request(), facility({ populations: [] })));
      expect(match.reasons.some((reason) => reason.startsWith('serves'))).toBe(false);
    });
  });

  describe('distance', () => {
    const lexington = facility({ ...LEXINGTON, facilityId: 'fac-lex', city: 'Lexington' });

    it('excludes a facility beyond the distance limit, giving both figures', () => {
      const detail = expectExcluded(evaluateFacility(request({ maxDistanceMiles: 50 }), lexington), 'distance');
      expect(detail).toMatch(/^69\.7 mi away, beyond 50 mi$/);
    });

    it('accepts the same facility within a wider limit', () => {
      const match = expectFits(evaluateFacility(request({ maxDistanceMiles: 75 }), lexington));
      expect(match.distanceMiles).toBeCloseTo(69.7, 1);
    });

    it('applies the distance rule only after the other rules', () => {
      const farAndFull = facility({ ...LEXINGTON, beds: [] });
      expectExcluded(evaluateFacility(request({ maxDistanceMiles: 10 }), farAndFull), 'no-bed');
    });
  });

  describe('reasons', () => {
    it('mention the bed count, the payer and the distance', () => {
      const lexington = facility({
        ...LEXINGTON,
        beds: [bed({ staffed: 16, available: 3 })],
        payers: ['medicare', 'medicaid'],
      });
      const match = expectFits(evaluateFacility(request({ payer: 'medicaid' }), lexington));
      expect(match.reasons).toContain(`3 of 16 ${LEVEL} beds free`);
      expect(match.reasons).toContain('accepts Medicaid');
      expect(match.reasons).toContain('69.7 mi away');
      expect(match.reasons).toContain(`${match.distanceMiles} mi away`);
    });
  });

  describe('score', () => {
    it('is the weighted sum of distance, beds and freshness', () => {
      // 0.6 * (1 - 0/100) + 0.25 * (4/10) + 0.15 * (1 - 0/24)
      expect(expectFits(evaluateFacility(request(), facility())).score).toBeCloseTo(0.85, 4);
      // 0.6 * (1 - 25/100) + 0.25 * (10/10) + 0.15 * (1 - 12/24)
      const scored = facility({
        ...northOfOrigin(25),
        beds: [bed({ staffed: 20, available: 10, confirmedAt: hoursBefore(12) })],
      });
      expect(expectFits(evaluateFacility(request(), scored)).score).toBeCloseTo(0.45 + 0.25 + 0.075, 4);
    });

    it('rises with more free beds, up to ten', () => {
      const withBeds = (available: number): number =>
        expectFits(
          evaluateFacility(
            request(),
            facility({ beds: [bed({ staffed: 40, available })] }),
          ),
        ).score;
      expect(withBeds(2)).toBeGreaterThan(withBeds(1));
      expect(withBeds(8)).toBeGreaterThan(withBeds(2));
      expect(withBeds(10)).toBeGreaterThan(withBeds(8));
      expect(withBeds(30)).toBe(withBeds(10));
    });

    it('rises with a fresher bed count, and a count older than a day scores no freshness', () => {
      const confirmed = (hours: number): number =>
        expectFits(
          evaluateFacility(
            request({ staleAfterHours: 72 }),
            facility({ beds: [bed({ staffed: 20, available: 4, confirmedAt: hoursBefore(hours) })] }),
          ),
        ).score;
      expect(confirmed(0)).toBeGreaterThan(confirmed(1));
      expect(confirmed(1)).toBeGreaterThan(confirmed(12));
      expect(confirmed(12)).toBeGreaterThan(confirmed(23));
      expect(confirmed(48)).toBe(confirmed(24));
      expect(confirmed(24)).toBeCloseTo(0.6 + 0.1, 4);
    });

    it('falls with distance', () => {
      const at = (miles: number): number => expectFits(evaluateFacility(request(), facility(northOfOrigin(miles)))).score;
      expect(at(0)).toBeGreaterThan(at(10));
      expect(at(10)).toBeGreaterThan(at(50));
      expect(at(50)).toBeCloseTo(0.3 + 0.1 + 0.15, 4);
    });
  });
});

describe('matchFacilities', () => {
  it('puts a nearer facility first when everything else is equal', () => {
    const far = facility({ facilityId: 'fac-a-far', ...northOfOrigin(40) });
    const near = facility({ facilityId: 'fac-z-near', ...northOfOrigin(5) });
    const result = matchFacilities(request(), [far, near]);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['fac-z-near', 'fac-a-far']);
    expect(result.matches[0]!.distanceMiles).toBeCloseTo(5, 1);
    expect(result.matches[1]!.distanceMiles).toBeCloseTo(40, 1);
  });

  it('lets more beds and a fresher count outrank a somewhat nearer facility', () => {
    const nearButThin = facility({
      facilityId: 'fac-near',
      beds: [bed({ staffed: 20, available: 1, confirmedAt: hoursBefore(30) })],
    });
    const fartherButRoomy = facility({
      facilityId: 'fac-far',
      ...northOfOrigin(10),
      beds: [bed({ staffed: 20, available: 10 })],
    });
    const result = matchFacilities(request({ staleAfterHours: 48 }), [nearButThin, fartherButRoomy]);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['fac-far', 'fac-near']);
    expect(result.matches[0]!.score).toBeGreaterThan(result.matches[1]!.score);
  });

  it('breaks a score tie on distance, nearer first, before facility id', () => {
    // 0.6 * 1 + 0.25 * 0.5 + 0.15 = 0.875 and 0.6 * (1 - 2.5/60) + 0.25 * 0.6 + 0.15 = 0.875
    const atOrigin = facility({
      facilityId: 'fac-z',
      beds: [bed({ staffed: 20, available: 5 })],
    });
    const alittleFarther = facility({
      facilityId: 'fac-a',
      ...northOfOrigin(2.5),
      beds: [bed({ staffed: 20, available: 6 })],
    });
    const result = matchFacilities(request({ maxDistanceMiles: 60 }), [alittleFarther, atOrigin]);
    expect(result.matches.map((m) => m.score)).toEqual([0.875, 0.875]);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['fac-z', 'fac-a']);
  });

  it('breaks a tie on score and distance by facility id', () => {
    const ids = ['fac-c', 'fac-a', 'fac-b'];
    const result = matchFacilities(
      request(),
      ids.map((facilityId) => facility({ facilityId })),
    );
    expect(result.matches.map((m) => m.facilityId)).toEqual(['fac-a', 'fac-b', 'fac-c']);
  });

  it('counts what each rule excluded and how many facilities it considered', () => {
    const facilities = [
      facility({ facilityId: 'ok-1' }),
      facility({ facilityId: 'inactive-1', active: false }),
      facility({ facilityId: 'inactive-2', active: false }),
      facility({ facilityId: 'level', levelsOfCare: ['outpatient'] }),
      facility({ facilityId: 'full', beds: [bed({ staffed: 10, available: 0 })] }),
      facility({ facilityId: 'stale', beds: [bed({ confirmedAt: hoursBefore(25) })] }),
      facility({ facilityId: 'payer-1', payers: ['private-insurance'] }),
      facility({ facilityId: 'payer-2', payers: ['tricare'] }),
      facility({ facilityId: 'payer-3', payers: [] }),
      facility({ facilityId: 'licence', credentials: [{ type: 'state-licence', status: 'revoked' }] }),
      facility({ facilityId: 'far', ...LEXINGTON }),
      facility({ facilityId: 'ok-2', ...northOfOrigin(3) }),
    ];
    const result = matchFacilities(request({ maxDistanceMiles: 50 }), facilities);
    expect(result.facilitiesConsidered).toBe(12);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['ok-1', 'ok-2']);
    expect(result.excludedByRule).toEqual({
      inactive: 2,
      'level-of-care': 1,
      'no-bed': 1,
      'stale-count': 1,
      payer: 3,
      credential: 1,
      distance: 1,
    });
  });

  it('reports nothing excluded and nothing matched for no facilities', () => {
    expect(matchFacilities(request(), [])).toEqual({ facilitiesConsidered: 0, matches: [], excludedByRule: {} });
  });

  it('accepts any iterable, such as a generator', () => {
    function* snapshots(): Generator<FacilitySnapshot> {
      yield facility({ facilityId: 'gen-1' });
      yield facility({ facilityId: 'gen-2', active: false });
    }
    const result = matchFacilities(request(), snapshots());
    expect(result.facilitiesConsidered).toBe(2);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['gen-1']);
    expect(result.excludedByRule).toEqual({ inactive: 1 });
  });

  it('returns only the best `limit` matches but considers them all', () => {
    const facilities = [1, 2, 3, 4, 5].map((miles) => facility({ facilityId: `fac-${miles}`, ...northOfOrigin(miles * 10) }));
    const result = matchFacilities(request({ limit: 2 }), facilities.slice().reverse());
    expect(result.facilitiesConsidered).toBe(5);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['fac-1', 'fac-2']);
  });

  it('returns at most 20 matches when no limit is given', () => {
    const facilities = Array.from({ length: 25 }, (_, i) =>
      facility({ facilityId: `fac-${String(i).padStart(2, '0')}`, ...northOfOrigin(i) }),
    );
    const result = matchFacilities(request(), facilities);
    expect(result.facilitiesConsidered).toBe(25);
    expect(result.matches).toHaveLength(20);
    expect(result.matches[19]!.facilityId).toBe('fac-19');
  });
});
