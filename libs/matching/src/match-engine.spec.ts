import type { BedType, CredentialType, LevelOfCare, Payer } from '#contracts';
import type { BedCount, Credential, FacilitySnapshot } from './facility-snapshot.js';
import { distanceMiles } from './geo-distance.js';
import { RANKING_WEIGHTS } from './ranking-weights.js';
import { EXCLUSION_RULES, type ExclusionRule } from '#vocabulary';
import { evaluateFacility, matchFacilities } from './match-engine.js';
import type { Evaluation, FacilityMatch } from './match-result.js';
import { AS_OF, bed, facility, hoursBefore, LEVEL, LEXINGTON, LOUISVILLE, northOfOrigin, request } from './matching.test-factory.js';

function expectFits(evaluation: Evaluation): FacilityMatch {
  if (!evaluation.fits) throw new Error(`expected a fit, got excluded by ${evaluation.rule}: ${evaluation.detail}`);
  return evaluation.match;
}

function expectExcluded(evaluation: Evaluation, rule: string): string {
  if (evaluation.fits) throw new Error(`expected exclusion by ${rule}, but the facility fits`);
  expect(evaluation.rule).toBe(rule);
  return evaluation.detail;
}
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

    it('reports inactive before distance for a facility far away', () => {
      const farAndClosed = facility({ ...LEXINGTON, active: false });
      expectExcluded(evaluateFacility(request({ maxDistanceMiles: 10 }), farAndClosed), 'inactive');
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
      const detail = expectExcluded(evaluateFacility(request({}, { gender: 'male', ageBand: '26-64' }), womenBeds), 'no-bed');
      expect(detail).toBe(`no ${LEVEL} bed for a male patient aged 26–64`);
    });

    it('excludes a man when his beds are full even though female beds are free', () => {
      const beds = lines(['female', 5, 10], ['male', 0, 12]);
      const detail = expectExcluded(evaluateFacility(request(), facility({ beds })), 'no-bed');
      expect(detail).toBe(`no bed free in ${LEVEL} (male beds)`);
    });

    it('gives an under-18 adolescent beds, not male beds', () => {
      const teen = request({}, { gender: 'male', ageBand: 'under-18' });
      expectExcluded(evaluateFacility(teen, facility({ beds: lines(['male', 4, 10]) })), 'no-bed');
      const match = expectFits(evaluateFacility(teen, facility({ beds: lines(['male', 4, 10], ['adolescent', 2, 6]) })));
      expect(match.bedsAvailable).toBe(2);
      expect(match.reasons).toContain(`2 of 6 ${LEVEL} beds free (adolescent beds)`);
    });

    it('gives a young adult (18–25) adult beds, not adolescent beds', () => {
      const adult = request({}, { gender: 'female', ageBand: '18-25' });
      expectExcluded(evaluateFacility(adult, facility({ beds: lines(['adolescent', 4, 10]) })), 'no-bed');
      const withFemaleBeds = facility({ beds: lines(['adolescent', 4, 10], ['female', 1, 4]) });
      expect(expectFits(evaluateFacility(adult, withFemaleBeds)).bedsAvailable).toBe(1);
    });

    it('gives general beds to anyone', () => {
      const general = facility({ beds: lines(['general', 1, 5]) });
      const patients = [
        { gender: 'male', ageBand: '26-64' },
        { gender: 'female', ageBand: 'under-18' },
        { gender: 'female', ageBand: '65-and-over' },
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
      const beds = [bed({ bedType: 'general', available: 9, confirmedAt: hoursBefore(30) }), bed({ bedType: 'male', available: 0 })];
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
      const staleAndWrongPayer = facility({ payers: ['tricare'], beds: [bed({ confirmedAt: hoursBefore(48) })] });
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
      // 0.5 * 1 + 0.2 * (7/10) + 0.15 * (1 - 6/24)
      expect(expectFits(evaluateFacility(request(), facility({ beds }))).score).toBeCloseTo(0.5 + 0.14 + 0.1125, 4);
    });
  });

  describe('payer', () => {
    it('excludes a facility that does not take the patient payer, naming it', () => {
      const privateOnly = facility({ payers: ['private-insurance'] });
      const detail = expectExcluded(evaluateFacility(request({ payer: 'medicaid' }), privateOnly), 'payer');
      expect(detail).toBe('does not accept Medicaid');
    });

    it('accepts a facility that takes the payer among several', () => {
      const several = facility({ payers: ['private-insurance', 'tricare', 'medicaid'] });
      const match = expectFits(evaluateFacility(request({ payer: 'tricare' }), several));
      expect(match.reasons).toContain('accepts TRICARE');
    });

    it.each<[Payer, string]>([
      ['sliding-fee', 'a sliding fee scale'],
      ['payment-assistance', 'payment assistance'],
      ['scholarship', 'scholarships'],
      ['no-charge', 'free of charge'],
      ['government-funding', 'government funding for treatment'],
      ['block-grant', 'SAMHSA block-grant funding'],
    ])('lets an uninsured patient use a facility offering only %s', (payer, label) => {
      const match = expectFits(evaluateFacility(request({ payer: 'uninsured' }), facility({ payers: [payer] })));
      expect(match.reasons).toContain(`uninsured patients: ${label}`);
    });

    it('lists every uninsured option a facility offers', () => {
      const mixed = facility({ payers: ['medicaid', 'self-pay', 'private-insurance', 'sliding-fee', 'block-grant'] });
      const match = expectFits(evaluateFacility(request({ payer: 'uninsured' }), mixed));
      expect(match.reasons).toContain('uninsured patients: a sliding fee scale, SAMHSA block-grant funding');
    });

    it.each<Payer[]>([['private-insurance'], ['medicaid', 'medicare', 'private-insurance', 'tricare'], ['self-pay', 'state-financed']])(
      'excludes a facility with only %j for an uninsured patient: cash and a state plan are no option for one who cannot pay',
      (...payers) => {
        const detail = expectExcluded(evaluateFacility(request({ payer: 'uninsured' }), facility({ payers })), 'payer');
        expect(detail).toBe('no option for uninsured patients');
      },
    );

    it('does not treat self-pay as a match for an insured payer', () => {
      expectExcluded(evaluateFacility(request({ payer: 'medicare' }), facility({ payers: ['self-pay'] })), 'payer');
    });

    it('keeps a facility with no payer listed, saying payment information is not on file', () => {
      for (const payer of ['medicaid', 'uninsured', 'ihs-tribal'] as const) {
        const match = expectFits(evaluateFacility(request({ payer }), facility({ payers: [] })));
        expect(match.reasons).toContain('payment information not on file');
      }
    });
  });

  describe('credential', () => {
    const withLicence = (credential: Credential): FacilitySnapshot => facility({ credentials: [credential] });

    it('excludes a facility whose only licence expired yesterday, saying when', () => {
      const expired = withLicence({ type: 'state-licence', status: 'active', expiresOn: '2025-06-14' });
      const detail = expectExcluded(evaluateFacility(request(), expired), 'credential');
      expect(detail).toBe('state licence expired on 2025-06-14');
    });

    it('accepts a licence that expires today', () => {
      const today = withLicence({ type: 'state-licence', status: 'active', expiresOn: '2025-06-15' });
      expectFits(evaluateFacility(request(), today));
    });

    it('excludes a revoked licence, saying so', () => {
      const revoked = withLicence({ type: 'state-licence', status: 'revoked', expiresOn: '2030-01-01' });
      expect(expectExcluded(evaluateFacility(request(), revoked), 'credential')).toBe('state licence revoked');
    });

    it('accepts a licence with no expiry, naming it', () => {
      const open = withLicence({ type: 'state-licence', status: 'active', expiresOn: null });
      expect(expectFits(evaluateFacility(request(), open)).reasons).toContain('valid state licence');
    });

    it('keeps a facility with no credentials at all: licence not on file', () => {
      const match = expectFits(evaluateFacility(request(), facility({ credentials: [] })));
      expect(match.reasons).toContain("listed in SAMHSA's directory; licence not on file");
    });

    it('accepts when one licence is valid and another has lapsed, naming only the valid one', () => {
      const mixed = facility({
        credentials: [
          { type: 'state-licence', status: 'active', expiresOn: '2025-06-14' },
          { type: 'hospital-licence', status: 'active', expiresOn: '2027-01-01' },
          { type: 'carf', status: 'suspended', expiresOn: null },
        ],
      });
      const match = expectFits(evaluateFacility(request(), mixed));
      expect(match.reasons).toContain('valid hospital licence');
      expect(match.reasons.some((reason) => reason.startsWith('accredited'))).toBe(false);
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

    it('excludes an under-18 from an adults-only facility, naming the band', () => {
      const detail = expectExcluded(evaluateFacility(request({}, { ageBand: 'under-18' }), adultsOnly), 'age');
      expect(detail).toBe('does not accept patients aged under 18');
    });

    it('accepts a patient aged 26–64 at an adults-only facility', () => {
      expectFits(evaluateFacility(request({}, { ageBand: '26-64' }), adultsOnly));
    });

    it('accepts a patient aged 65 and over at an adults-only facility (seniors are adults)', () => {
      expectFits(evaluateFacility(request({}, { ageBand: '65-and-over' }), adultsOnly));
    });

    it('accepts a patient aged 18–25 at an adults-only facility (young adults are adults)', () => {
      expectFits(evaluateFacility(request({}, { ageBand: '18-25' }), adultsOnly));
    });

    it('accepts an under-18 at an adolescent facility but excludes a patient aged 26–64 there', () => {
      const adolescents = facility({ ageGroupsAccepted: ['children-adolescents'] });
      expectFits(evaluateFacility(request({}, { ageBand: 'under-18' }), adolescents));
      expectExcluded(evaluateFacility(request({}, { ageBand: '26-64' }), adolescents), 'age');
    });

    it('excludes a patient aged 26–64 from a seniors-only facility and accepts one aged 65 and over', () => {
      const seniors = facility({ ageGroupsAccepted: ['seniors'] });
      expect(expectExcluded(evaluateFacility(request({}, { ageBand: '26-64' }), seniors), 'age')).toBe(
        'does not accept patients aged 26–64',
      );
      expectFits(evaluateFacility(request({}, { ageBand: '65-and-over' }), seniors));
    });

    it('treats an empty list as accepting every age', () => {
      expectFits(evaluateFacility(request({}, { ageBand: 'under-18' }), facility({ ageGroupsAccepted: [] })));
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

    it('excludes a facility without a criminal-justice program for a patient under a court order', () => {
      const detail = expectExcluded(
        evaluateFacility(request({}, { courtOrder: 'other' }), facility({ populations: ['veterans'] })),
        'court-ordered',
      );
      expect(detail).toBe('no program for criminal-justice clients');
      const match = expectFits(evaluateFacility(request({}, { courtOrder: 'other' }), facility({ populations: ['criminal-justice'] })));
      expect(match.reasons).toContain('serves criminal-justice clients');
    });

    it('checks every need: a facility with two of three programs is excluded by the missing one', () => {
      const needs = { gender: 'female' as const, pregnant: true, coOccurringMentalIllness: true, courtOrder: 'other' as const };
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

    it('is checked right after inactive: a far facility is too far whatever else it lacks', () => {
      const farAndFull = facility({ ...LEXINGTON, beds: [] });
      expectExcluded(evaluateFacility(request({ maxDistanceMiles: 10 }), farAndFull), 'distance');
      const farAndHopeless = facility({
        ...LEXINGTON,
        levelsOfCare: ['outpatient'],
        payers: [],
        credentials: [],
        beds: [],
        gendersAccepted: ['female'],
        languages: [],
      });
      expectExcluded(evaluateFacility(request({ maxDistanceMiles: 10 }, { language: 'spanish' }), farAndHopeless), 'distance');
      // The same facility within reach is excluded for the first clinical reason instead.
      expectExcluded(evaluateFacility(request({ maxDistanceMiles: 75 }, { language: 'spanish' }), farAndHopeless), 'level-of-care');
    });

    it('accepts a facility exactly at the limit, and excludes it just beyond', () => {
      const at = facility(northOfOrigin(30));
      const exact = distanceMiles(LOUISVILLE, at);
      expectFits(evaluateFacility(request({ maxDistanceMiles: exact }), at));
      expectExcluded(evaluateFacility(request({ maxDistanceMiles: exact - 1e-6 }), at), 'distance');
    });
  });

  describe('rule order', () => {
    it('reports the first rule a facility fails, in the order of EXCLUSION_RULES', () => {
      const DETOX = 'detox-residential' as const;
      const demanding = request(
        { levelOfCare: DETOX, maxDistanceMiles: 50, requireAccreditation: true },
        {
          gender: 'female',
          ageBand: '26-64',
          pregnant: true,
          coOccurringMentalIllness: true,
          substances: ['alcohol', 'opioids'],
          courtOrder: 'other',
          medication: 'buprenorphine',
          startMedication: 'acamprosate',
          childcare: true,
          language: 'spanish',
        },
      );
      // A facility failing every rule; each step repairs the rule just reported.
      const repairs: [ExclusionRule, Partial<FacilitySnapshot>][] = [
        ['inactive', { active: true }],
        ['distance', { ...LOUISVILLE }],
        ['level-of-care', { levelsOfCare: [DETOX] }],
        ['no-bed', { beds: [bed({ levelOfCare: DETOX, available: 4, confirmedAt: hoursBefore(48) })] }],
        ['stale-count', { beds: [bed({ levelOfCare: DETOX, available: 4 })] }],
        ['payer', { payers: ['medicaid'] }],
        ['credential', { credentials: [{ type: 'state-licence', status: 'active', expiresOn: null }] }],
        [
          'accreditation',
          {
            credentials: [
              { type: 'state-licence', status: 'active', expiresOn: null },
              { type: 'carf', status: 'active', expiresOn: '2027-01-01' },
            ],
          },
        ],
        ['gender', { gendersAccepted: ['female'] }],
        ['age', { ageGroupsAccepted: ['adults'] }],
        ['pregnancy', { populations: ['pregnant-postpartum'] }],
        ['co-occurring', { populations: ['pregnant-postpartum', 'co-occurring-serious-mental-illness'] }],
        ['court-ordered', { populations: ['pregnant-postpartum', 'co-occurring-serious-mental-illness', 'criminal-justice'] }],
        ['substance', { substancesNotTreated: [] }],
        ['withdrawal', { withdrawalManaged: ['opioids', 'alcohol'] }],
        ['medication', { medications: ['buprenorphine-sublingual'] }],
        ['start-medication', { medications: ['buprenorphine-sublingual', 'acamprosate'] }],
        ['parenting', { supportServices: ['childcare'] }],
        ['language', { languages: ['english', 'spanish'] }],
      ];
      let current = facility({
        ...LEXINGTON,
        active: false,
        levelsOfCare: ['outpatient'],
        beds: [bed({ levelOfCare: DETOX, available: 0 })],
        payers: ['tricare'],
        credentials: [{ type: 'state-licence', status: 'revoked', expiresOn: null }],
        gendersAccepted: ['male'],
        ageGroupsAccepted: ['seniors'],
        populations: [],
        substancesNotTreated: ['alcohol'],
        withdrawalManaged: ['opioids'],
        medications: [],
        continuesExternalMedication: null,
        supportServices: [],
        languages: ['english'],
      });
      const reported: ExclusionRule[] = [];
      for (const [rule, repair] of repairs) {
        const evaluation = evaluateFacility(demanding, current);
        if (evaluation.fits) throw new Error(`expected exclusion by ${rule}, but the facility fits`);
        reported.push(evaluation.rule);
        current = facility({ ...current, ...repair });
      }
      expect(reported).toEqual([...EXCLUSION_RULES]);
      const match = expectFits(evaluateFacility(demanding, current));
      expect(match.reasons).toEqual([
        `4 of 20 ${DETOX} beds free`,
        'accepts Medicaid',
        'valid state licence',
        'accredited by CARF',
        'serves pregnant or postpartum women',
        'treats co-occurring serious mental illness',
        'serves criminal-justice clients',
        'manages alcohol and opioid withdrawal',
        'provides sublingual buprenorphine',
        'provides acamprosate',
        "offers childcare for clients' children",
        'care in spanish',
        'offers MOUD (methadone or buprenorphine), recommended in pregnancy: ranked first',
        '0 mi away',
      ]);
    });
  });

  describe('accreditation', () => {
    const accredited = (type: CredentialType, overrides: Partial<FacilitySnapshot['credentials'][number]> = {}) =>
      facility({
        credentials: [
          { type: 'state-licence', status: 'active', expiresOn: null },
          { type, status: 'active', expiresOn: '2027-01-01', ...overrides },
        ],
      });

    it('excludes a facility with only a licence when the request requires accreditation', () => {
      const detail = expectExcluded(evaluateFacility(request({ requireAccreditation: true }), facility()), 'accreditation');
      expect(detail).toBe('no valid accreditation (CARF, Joint Commission, COA, NCQA or HFAP)');
    });

    it('does not require accreditation unless asked', () => {
      expectFits(evaluateFacility(request(), facility()));
      expectFits(evaluateFacility(request({ requireAccreditation: false }), facility()));
    });

    it.each<[CredentialType, string]>([
      ['carf', 'CARF'],
      ['joint-commission', 'Joint Commission'],
      ['coa', 'COA'],
      ['ncqa', 'NCQA'],
      ['hfap', 'HFAP'],
    ])('accepts %s as an accreditation, naming it', (type, label) => {
      const match = expectFits(evaluateFacility(request({ requireAccreditation: true }), accredited(type)));
      expect(match.reasons).toEqual(expect.arrayContaining(['valid state licence', `accredited by ${label}`]));
    });

    it.each<CredentialType>(['state-licence', 'hospital-licence', 'samhsa-otp', 'dea', 'fqhc'])(
      'does not count %s as an accreditation',
      (type) => {
        expectExcluded(evaluateFacility(request({ requireAccreditation: true }), accredited(type)), 'accreditation');
      },
    );

    it('accepts an accreditation on its own, without a licence', () => {
      const accreditedOnly = facility({ credentials: [{ type: 'joint-commission', status: 'active', expiresOn: null }] });
      const match = expectFits(evaluateFacility(request({ requireAccreditation: true }), accreditedOnly));
      expect(match.reasons).toEqual(
        expect.arrayContaining(["listed in SAMHSA's directory; licence not on file", 'accredited by Joint Commission']),
      );
    });

    it('does not count a lapsed or suspended accreditation', () => {
      const expired = accredited('carf', { expiresOn: '2025-06-14' });
      expectExcluded(evaluateFacility(request({ requireAccreditation: true }), expired), 'accreditation');
      expectFits(evaluateFacility(request(), expired));
      const suspended = accredited('joint-commission', { status: 'suspended' });
      expectExcluded(evaluateFacility(request({ requireAccreditation: true }), suspended), 'accreditation');
    });

    it('reports a lapsed licence under credential, before accreditation; no credential at all under accreditation', () => {
      const revoked = facility({ credentials: [{ type: 'state-licence', status: 'revoked' }] });
      expectExcluded(evaluateFacility(request({ requireAccreditation: true }), revoked), 'credential');
      expectExcluded(evaluateFacility(request({ requireAccreditation: true }), facility({ credentials: [] })), 'accreditation');
    });

    it('comes before the patient rules', () => {
      const womenOnly = facility({ gendersAccepted: ['female'] });
      expectExcluded(evaluateFacility(request({ requireAccreditation: true }, { gender: 'male' }), womenOnly), 'accreditation');
    });
  });

  describe('medication', () => {
    const onMethadone = request({}, { medication: 'methadone' });

    it('continues methadone at a facility with an opioid treatment program listing it', () => {
      const otp = facility({
        levelsOfCare: [LEVEL, 'opioid-treatment-program'],
        medications: ['methadone'],
        continuesExternalMedication: false,
      });
      const match = expectFits(evaluateFacility(onMethadone, otp));
      expect(match.reasons).toContain('continues methadone at its opioid treatment program');
    });

    it.each<LevelOfCare>(['hospital-inpatient', 'detox-hospital'])(
      'continues methadone at a facility with a %s level listing it',
      (level) => {
        const hospital = facility({ levelsOfCare: [LEVEL, level], medications: ['methadone'], continuesExternalMedication: false });
        expect(expectFits(evaluateFacility(onMethadone, hospital)).reasons).toContain('continues methadone in hospital care');
      },
    );

    it('excludes a residential-only facility that does not take clients on medication prescribed elsewhere', () => {
      const residential = facility({ levelsOfCare: [LEVEL], medications: ['methadone'], continuesExternalMedication: false });
      const detail = expectExcluded(evaluateFacility(onMethadone, residential), 'medication');
      expect(detail).toMatch(/^does not continue methadone/);
    });

    it('provides buprenorphine where the facility lists it, as the data states it', () => {
      const listed = facility({ medications: ['buprenorphine'], continuesExternalMedication: null });
      const match = expectFits(evaluateFacility(request({}, { medication: 'buprenorphine' }), listed));
      expect(match.reasons).toContain('provides buprenorphine (form not stated)');
    });

    it('continues buprenorphine prescribed elsewhere where the facility continues outside medication', () => {
      const continues = facility({ medications: [], continuesExternalMedication: true });
      const match = expectFits(evaluateFacility(request({}, { medication: 'buprenorphine' }), continues));
      expect(match.reasons).toContain('continues buprenorphine prescribed elsewhere');
    });

    it.each([null, false])('excludes a facility that neither lists nor continues it (continuesExternalMedication %s)', (continues) => {
      const neither = facility({ medications: ['naltrexone-oral'], continuesExternalMedication: continues });
      const detail = expectExcluded(evaluateFacility(request({}, { medication: 'buprenorphine' }), neither), 'medication');
      expect(detail).toBe('does not continue buprenorphine');
    });

    it('names the medication in plain words', () => {
      const neither = facility({ medications: [], continuesExternalMedication: false });
      const detail = expectExcluded(evaluateFacility(request({}, { medication: 'naltrexone-extended-release' }), neither), 'medication');
      expect(detail).toBe('does not continue extended-release naltrexone');
      const listed = facility({ medications: ['buprenorphine-extended-release'], continuesExternalMedication: false });
      const match = expectFits(evaluateFacility(request({}, { medication: 'buprenorphine-extended-release' }), listed));
      expect(match.reasons).toContain('provides extended-release buprenorphine');
    });

    it('requires nothing when the patient takes no medication', () => {
      const none = facility({ medications: [], continuesExternalMedication: null });
      for (const medication of [undefined, null]) {
        const match = expectFits(evaluateFacility(request({}, { medication }), none));
        expect(match.reasons.some((reason) => /continue|provides/.test(reason))).toBe(false);
      }
    });
  });

  describe('language', () => {
    it('excludes a facility without care in the language the patient needs', () => {
      const detail = expectExcluded(
        evaluateFacility(request({}, { language: 'spanish' }), facility({ languages: ['english'] })),
        'language',
      );
      expect(detail).toBe('no care in spanish');
    });

    it('accepts a facility offering the language, saying so', () => {
      const match = expectFits(
        evaluateFacility(request({}, { language: 'vietnamese' }), facility({ languages: ['english', 'vietnamese'] })),
      );
      expect(match.reasons).toContain('care in vietnamese');
    });

    it('treats English as offered everywhere, even by a facility listing no languages', () => {
      const match = expectFits(evaluateFacility(request({}, { language: 'english' }), facility({ languages: [] })));
      expect(match.reasons.some((reason) => reason.startsWith('care in'))).toBe(false);
      expectFits(evaluateFacility(request({}, { language: 'english' }), facility({ languages: ['spanish'] })));
    });

    it('requires nothing when the patient needs no particular language', () => {
      expectFits(evaluateFacility(request({}, { language: null }), facility({ languages: [] })));
      expectFits(evaluateFacility(request(), facility({ languages: [] })));
    });

    it('is checked last, after medication', () => {
      const neither = facility({ languages: ['english'], medications: [], continuesExternalMedication: false });
      expectExcluded(evaluateFacility(request({}, { language: 'spanish', medication: 'buprenorphine' }), neither), 'medication');
    });
  });

  describe('acceptable levels', () => {
    const HIGHER = 'residential-long-term' as const;
    const allowHigher = request({ acceptableLevels: [LEVEL, HIGHER] });

    it('matches a more intensive allowed level when the requested one has no free bed, naming the level', () => {
      const both = facility({
        levelsOfCare: [LEVEL, HIGHER],
        beds: [bed({ available: 0 }), bed({ levelOfCare: HIGHER, available: 3, staffed: 10 })],
      });
      const match = expectFits(evaluateFacility(allowHigher, both));
      expect(match.levelOfCare).toBe(HIGHER);
      expect(match.bedsAvailable).toBe(3);
      expect(match.reasons).toContain(`3 of 10 ${HIGHER} beds free`);
      expect(match.reasons).toContain(`a more intensive level than ${LEVEL}, as allowed`);
      // Without the allowance, the same facility has no bed.
      expectExcluded(evaluateFacility(request(), both), 'no-bed');
    });

    it('prefers the requested level when both have free beds, even if the higher one has more', () => {
      const both = facility({
        levelsOfCare: [LEVEL, HIGHER],
        beds: [bed({ available: 2, staffed: 8 }), bed({ levelOfCare: HIGHER, available: 9, staffed: 12 })],
      });
      const match = expectFits(evaluateFacility(allowHigher, both));
      expect(match.levelOfCare).toBe(LEVEL);
      expect(match.bedsAvailable).toBe(2);
      expect(match.reasons).toContain(`2 of 8 ${LEVEL} beds free`);
      expect(match.reasons.some((reason) => reason.includes('more intensive'))).toBe(false);
    });

    it('reports the requested level for an ordinary match', () => {
      expect(expectFits(evaluateFacility(request(), facility())).levelOfCare).toBe(LEVEL);
    });

    it('matches a facility offering only the higher level', () => {
      const higherOnly = facility({ levelsOfCare: [HIGHER], beds: [bed({ levelOfCare: HIGHER })] });
      expect(expectFits(evaluateFacility(allowHigher, higherOnly)).levelOfCare).toBe(HIGHER);
      const detail = expectExcluded(evaluateFacility(request(), higherOnly), 'level-of-care');
      expect(detail).toBe(`does not offer ${LEVEL}`);
    });

    it('names every acceptable level when the facility offers none', () => {
      const detail = expectExcluded(evaluateFacility(allowHigher, facility({ levelsOfCare: ['outpatient'] })), 'level-of-care');
      expect(detail).toBe(`does not offer ${LEVEL} or ${HIGHER}`);
    });

    it('skips a level whose count is stale for one with a fresh count', () => {
      const staleRequested = facility({
        levelsOfCare: [LEVEL, HIGHER],
        beds: [bed({ available: 6, confirmedAt: hoursBefore(30) }), bed({ levelOfCare: HIGHER, available: 1 })],
      });
      expect(expectFits(evaluateFacility(allowHigher, staleRequested)).levelOfCare).toBe(HIGHER);
    });

    it('reports the miss at the first level tried when no level has a bed', () => {
      const none = facility({
        levelsOfCare: [LEVEL, HIGHER],
        beds: [bed({ available: 0 }), bed({ levelOfCare: HIGHER, available: 2, confirmedAt: hoursBefore(30) })],
      });
      const detail = expectExcluded(evaluateFacility(allowHigher, none), 'no-bed');
      expect(detail).toBe(`no bed free in ${LEVEL}`);
    });

    it('scores the level the bed is in', () => {
      const both = facility({
        levelsOfCare: [LEVEL, HIGHER],
        beds: [bed({ available: 0 }), bed({ levelOfCare: HIGHER, available: 10, confirmedAt: hoursBefore(12) })],
      });
      // 0.5 * 1 + 0.2 * 1 + 0.15 * 0.5
      expect(expectFits(evaluateFacility(allowHigher, both)).score).toBeCloseTo(0.775, 4);
    });

    it('treats an empty list as the requested level alone', () => {
      expect(expectFits(evaluateFacility(request({ acceptableLevels: [] }), facility())).levelOfCare).toBe(LEVEL);
    });
  });

  describe('continuity', () => {
    const nextStep = request({ nextStepLevels: ['intensive-outpatient', 'outpatient'] });

    it('raises the score by the continuity weight when the facility offers a next level, saying so', () => {
      const plain = expectFits(evaluateFacility(nextStep, facility()));
      const continuing = expectFits(evaluateFacility(nextStep, facility({ levelsOfCare: [LEVEL, 'outpatient'] })));
      expect(continuing.score - plain.score).toBeCloseTo(RANKING_WEIGHTS.continuity, 4);
      expect(continuing.reasons).toContain('also offers outpatient: no gap before the next level of care');
      expect(plain.reasons.some((reason) => reason.startsWith('also offers'))).toBe(false);
    });

    it('lists every next level offered, and scores them no more than one', () => {
      const both = expectFits(evaluateFacility(nextStep, facility({ levelsOfCare: ['outpatient', LEVEL, 'intensive-outpatient'] })));
      expect(both.reasons).toContain('also offers intensive-outpatient, outpatient: no gap before the next level of care');
      const one = expectFits(evaluateFacility(nextStep, facility({ levelsOfCare: [LEVEL, 'outpatient'] })));
      expect(both.score).toBe(one.score);
    });

    it('adds nothing without next-step levels in the request', () => {
      const offering = facility({ levelsOfCare: [LEVEL, 'outpatient'] });
      expect(expectFits(evaluateFacility(request(), offering)).score).toBe(expectFits(evaluateFacility(request(), facility())).score);
    });

    it('lets a facility offering the next level outrank a somewhat nearer one', () => {
      const near = facility({ facilityId: 'fac-near' });
      const continuing = facility({ facilityId: 'fac-continuing', ...northOfOrigin(20), levelsOfCare: [LEVEL, 'outpatient'] });
      const result = matchFacilities(nextStep, [near, continuing]);
      expect(result.matches.map((m) => m.facilityId)).toEqual(['fac-continuing', 'fac-near']);
      expect(matchFacilities(request(), [near, continuing]).matches.map((m) => m.facilityId)).toEqual(['fac-near', 'fac-continuing']);
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
    it('uses weights that sum to 1', () => {
      expect(RANKING_WEIGHTS).toEqual({ distance: 0.5, bedsAvailable: 0.2, freshness: 0.15, continuity: 0.15 });
      const sum = Object.values(RANKING_WEIGHTS).reduce((total, weight) => total + weight, 0);
      expect(sum).toBeCloseTo(1, 10);
    });

    it('is the weighted sum of distance, beds and freshness (and continuity, below)', () => {
      // 0.5 * (1 - 0/100) + 0.2 * (4/10) + 0.15 * (1 - 0/24) + 0.15 * 0
      expect(expectFits(evaluateFacility(request(), facility())).score).toBeCloseTo(0.73, 4);
      // 0.5 * (1 - 25/100) + 0.2 * (10/10) + 0.15 * (1 - 12/24) + 0.15 * 0
      const scored = facility({
        ...northOfOrigin(25),
        beds: [bed({ staffed: 20, available: 10, confirmedAt: hoursBefore(12) })],
      });
      expect(expectFits(evaluateFacility(request(), scored)).score).toBeCloseTo(0.375 + 0.2 + 0.075, 4);
    });

    it('scores a perfect facility 1: at the origin, ten beds, just confirmed, next level offered', () => {
      const perfect = facility({ levelsOfCare: [LEVEL, 'outpatient'], beds: [bed({ available: 10 })] });
      expect(expectFits(evaluateFacility(request({ nextStepLevels: ['outpatient'] }), perfect)).score).toBe(1);
    });

    it('rises with more free beds, up to ten', () => {
      const withBeds = (available: number): number =>
        expectFits(evaluateFacility(request(), facility({ beds: [bed({ staffed: 40, available })] }))).score;
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
      expect(confirmed(24)).toBeCloseTo(0.5 + 0.08, 4);
    });

    it('falls with distance', () => {
      const at = (miles: number): number => expectFits(evaluateFacility(request(), facility(northOfOrigin(miles)))).score;
      expect(at(0)).toBeGreaterThan(at(10));
      expect(at(10)).toBeGreaterThan(at(50));
      expect(at(50)).toBeCloseTo(0.25 + 0.08 + 0.15, 4);
      expect(at(75)).toBeCloseTo(0.125 + 0.08 + 0.15, 4);
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
    // 0.5 * 1 + 0.2 * 0.5 + 0.15 = 0.75 and 0.5 * (1 - 2/50) + 0.2 * 0.6 + 0.15 = 0.75
    const atOrigin = facility({
      facilityId: 'fac-z',
      beds: [bed({ staffed: 20, available: 5 })],
    });
    const alittleFarther = facility({
      facilityId: 'fac-a',
      ...northOfOrigin(2),
      beds: [bed({ staffed: 20, available: 6 })],
    });
    const result = matchFacilities(request({ maxDistanceMiles: 50 }), [alittleFarther, atOrigin]);
    expect(result.matches.map((m) => m.score)).toEqual([0.75, 0.75]);
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
      facility({ facilityId: 'payer-3', payers: ['self-pay'] }),
      facility({ facilityId: 'ok-no-payers', ...northOfOrigin(1), payers: [] }),
      facility({ facilityId: 'licence', credentials: [{ type: 'state-licence', status: 'revoked' }] }),
      facility({ facilityId: 'far', ...LEXINGTON }),
      facility({ facilityId: 'ok-2', ...northOfOrigin(3) }),
    ];
    const result = matchFacilities(request({ maxDistanceMiles: 50 }), facilities);
    expect(result.facilitiesConsidered).toBe(13);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['ok-1', 'ok-no-payers', 'ok-2']);
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
    expect(matchFacilities(request(), [])).toEqual({
      facilitiesConsidered: 0,
      matches: [],
      excludedByRule: {},
      nearbyExclusions: [],
      suggestions: [],
    });
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

  it('counts the accreditation, medication and language rules too', () => {
    const carf = [
      { type: 'state-licence', status: 'active', expiresOn: null },
      { type: 'carf', status: 'active', expiresOn: null },
    ] as const;
    const fits = { credentials: [...carf], languages: ['english', 'spanish'], medications: ['buprenorphine'] } as const;
    const facilities = [
      facility({ facilityId: 'ok', ...fits }),
      facility({ facilityId: 'licence-only', ...fits, credentials: [carf[0]] }),
      facility({ facilityId: 'no-bup', ...fits, medications: [], continuesExternalMedication: null }),
      facility({ facilityId: 'no-spanish-1', ...fits, languages: ['english'] }),
      facility({ facilityId: 'no-spanish-2', ...fits, languages: [] }),
    ];
    const result = matchFacilities(
      request({ requireAccreditation: true }, { medication: 'buprenorphine', language: 'spanish' }),
      facilities,
    );
    expect(result.matches.map((m) => m.facilityId)).toEqual(['ok']);
    expect(result.excludedByRule).toEqual({ accreditation: 1, medication: 1, language: 2 });
  });

  describe('nearbyExclusions', () => {
    const excluded = (id: string, miles: number, overrides: Partial<FacilitySnapshot> = {}): FacilitySnapshot =>
      facility({ facilityId: id, name: `Center ${id}`, city: `City ${id}`, ...northOfOrigin(miles), payers: ['tricare'], ...overrides });

    it('explains the nearest excluded facilities, nearest first, with rule and detail', () => {
      const facilities = [
        excluded('c', 30),
        excluded('a', 10, { beds: [bed({ available: 0 })] }),
        excluded('b', 20, { gendersAccepted: ['female'] }),
        facility({ facilityId: 'match', ...northOfOrigin(5) }),
      ];
      const result = matchFacilities(request(), facilities);
      expect(result.matches.map((m) => m.facilityId)).toEqual(['match']);
      expect(result.nearbyExclusions).toEqual([
        {
          facilityId: 'a',
          name: 'Center a',
          city: 'City a',
          state: 'KY',
          distanceMiles: 10,
          rule: 'no-bed',
          detail: `no bed free in ${LEVEL}`,
        },
        {
          facilityId: 'b',
          name: 'Center b',
          city: 'City b',
          state: 'KY',
          distanceMiles: 20,
          rule: 'payer',
          detail: 'does not accept Medicaid',
        },
        {
          facilityId: 'c',
          name: 'Center c',
          city: 'City c',
          state: 'KY',
          distanceMiles: 30,
          rule: 'payer',
          detail: 'does not accept Medicaid',
        },
      ]);
    });

    it('breaks a distance tie on facility id', () => {
      const result = matchFacilities(request(), [excluded('z', 10), excluded('m', 10), excluded('b', 10)]);
      expect(result.nearbyExclusions.map((e) => e.facilityId)).toEqual(['b', 'm', 'z']);
    });

    it('lists at most 10 by default, the nearest ones', () => {
      const facilities = Array.from({ length: 15 }, (_, i) => excluded(`x-${String(i).padStart(2, '0')}`, 50 - i * 3));
      const result = matchFacilities(request(), facilities);
      expect(result.excludedByRule).toEqual({ payer: 15 });
      expect(result.nearbyExclusions).toHaveLength(10);
      expect(result.nearbyExclusions.map((e) => e.facilityId)).toEqual([
        'x-14',
        'x-13',
        'x-12',
        'x-11',
        'x-10',
        'x-09',
        'x-08',
        'x-07',
        'x-06',
        'x-05',
      ]);
    });

    it('lists as many as nearbyExclusionsLimit asks, or none', () => {
      const facilities = Array.from({ length: 15 }, (_, i) => excluded(`x-${String(i).padStart(2, '0')}`, 1 + i));
      expect(matchFacilities(request({ nearbyExclusionsLimit: 3 }), facilities).nearbyExclusions.map((e) => e.facilityId)).toEqual([
        'x-00',
        'x-01',
        'x-02',
      ]);
      expect(matchFacilities(request({ nearbyExclusionsLimit: 12 }), facilities).nearbyExclusions).toHaveLength(12);
      expect(matchFacilities(request({ nearbyExclusionsLimit: 50 }), facilities).nearbyExclusions).toHaveLength(15);
      expect(matchFacilities(request({ nearbyExclusionsLimit: 0 }), facilities).nearbyExclusions).toEqual([]);
    });

    it('leaves out facilities beyond the distance limit and inactive ones, however near', () => {
      const facilities = [excluded('far', 60), excluded('closed', 1, { active: false }), excluded('near', 40)];
      const result = matchFacilities(request({ maxDistanceMiles: 50 }), facilities);
      expect(result.excludedByRule).toEqual({ distance: 1, inactive: 1, payer: 1 });
      expect(result.nearbyExclusions.map((e) => e.facilityId)).toEqual(['near']);
    });

    it('lists the nearest exclusions even when nothing matches', () => {
      const result = matchFacilities(request(), [excluded('a', 12, { levelsOfCare: ['outpatient'] })]);
      expect(result.matches).toEqual([]);
      expect(result.nearbyExclusions).toEqual([
        expect.objectContaining({ facilityId: 'a', rule: 'level-of-care', detail: `does not offer ${LEVEL}` }),
      ]);
    });
  });
});
