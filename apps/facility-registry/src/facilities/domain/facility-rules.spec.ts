import { LEVEL_OF_CARE_DEFINITIONS, LEVELS_OF_CARE, type CredentialValue, type LevelOfCare, type ProgramValue } from '#contracts';
import {
  checkBedLines,
  checkCredentials,
  checkInsurance,
  checkProgramsAndMedications,
  effectiveCredentialStatus,
  isBedCountStale,
  type BedLine,
} from './facility-rules.js';

function program(levelOfCare: LevelOfCare, asam: Partial<ProgramValue> = {}): ProgramValue {
  return { levelOfCare, ...asam };
}

function bedLine(overrides: Partial<BedLine> = {}): BedLine {
  return {
    levelOfCare: 'detox-residential',
    bedType: 'general',
    staffed: 10,
    available: 3,
    opening24h: 1,
    opening72h: 2,
    waitlist: false,
    typicalWaitDays: null,
    ...overrides,
  };
}

function credential(overrides: Partial<CredentialValue> = {}): CredentialValue {
  return { type: 'carf', status: 'active', expiresOn: '2027-06-30', identifier: null, issuer: null, ...overrides };
}

const fields = (problems: { field: string }[]): string[] => problems.map((problem) => problem.field);

describe('checkProgramsAndMedications', () => {
  it('accepts programs without ASAM detail and with a matching designation in either edition', () => {
    expect(
      checkProgramsAndMedications(
        [
          program('detox-residential', { asamEdition: 3, asamLevel: '3.7-WM' }),
          program('residential-short-term', { asamEdition: 4, asamLevel: '3.5' }),
          program('outpatient'),
          program('intensive-outpatient', { asamEdition: null, asamLevel: null }),
        ],
        ['buprenorphine', 'naltrexone-extended-release'],
      ),
    ).toEqual([]);
  });

  it('requires at least one program', () => {
    expect(checkProgramsAndMedications([], [])).toEqual([{ field: 'programs', reason: 'a facility runs at least one program' }]);
  });

  it('refuses a level of care listed twice, at the second listing', () => {
    expect(checkProgramsAndMedications([program('outpatient'), program('detox-outpatient'), program('outpatient')], [])).toEqual([
      { field: 'programs.2.levelOfCare', reason: 'outpatient is listed twice' },
    ]);
  });

  it.each<[string, Partial<ProgramValue>]>([
    ['an edition without a level', { asamEdition: 3 }],
    ['an edition with a null level', { asamEdition: 4, asamLevel: null }],
    ['a level without an edition', { asamLevel: '3.7-WM' }],
    ['a level with a null edition', { asamEdition: null, asamLevel: '3.7' }],
  ])('wants both the ASAM edition and level, or neither: refuses %s', (_label, asam) => {
    expect(checkProgramsAndMedications([program('outpatient'), program('detox-residential', asam)], [])).toEqual([
      { field: 'programs.1.asamLevel', reason: 'give both the ASAM edition and the ASAM level, or neither' },
    ]);
  });

  describe('ASAM level and level of care', () => {
    const accepted = LEVELS_OF_CARE.flatMap((levelOfCare) => [
      ...LEVEL_OF_CARE_DEFINITIONS[levelOfCare].asam3.map((level) => [levelOfCare, 3, level] as const),
      ...LEVEL_OF_CARE_DEFINITIONS[levelOfCare].asam4.map((level) => [levelOfCare, 4, level] as const),
    ]);

    it.each(accepted)('accepts %s with ASAM %i edition level %s', (levelOfCare, asamEdition, asamLevel) => {
      expect(checkProgramsAndMedications([program(levelOfCare, { asamEdition, asamLevel })], [])).toEqual([]);
    });

    it('refuses a level that belongs to another level of care, and says which fit', () => {
      expect(checkProgramsAndMedications([program('detox-residential', { asamEdition: 3, asamLevel: '3.7' })], [])).toEqual([
        {
          field: 'programs.0.asamLevel',
          reason: 'ASAM 3rd edition level 3.7 is not detox-residential; expected one of 3.2-WM, 3.7-WM',
        },
      ]);
      expect(checkProgramsAndMedications([program('outpatient', { asamEdition: 4, asamLevel: '2.1' })], [])).toEqual([
        { field: 'programs.0.asamLevel', reason: 'ASAM 4th edition level 2.1 is not outpatient; expected one of 1.0, 1.5' },
      ]);
    });

    it.each<[LevelOfCare, 3 | 4, string]>([
      // 3rd-edition withdrawal management levels do not exist in the 4th edition...
      ['detox-residential', 4, '3.7-WM'],
      ['detox-hospital', 4, '4-WM'],
      ['opioid-treatment-program', 4, 'OTS'],
      // ...and the 4th edition's new outpatient levels do not exist in the 3rd.
      ['outpatient', 3, '1.0'],
      ['detox-outpatient', 3, '2.7'],
      ['opioid-treatment-program', 3, '1.7'],
    ])('refuses %s with a level of the other edition (ASAM %i, %s)', (levelOfCare, asamEdition, asamLevel) => {
      const problems = checkProgramsAndMedications([program(levelOfCare, { asamEdition, asamLevel })], []);
      expect(fields(problems)).toEqual(['programs.0.asamLevel']);
      expect(problems[0]!.reason).toContain(`ASAM ${asamEdition === 3 ? '3rd' : '4th'} edition level ${asamLevel} is not ${levelOfCare}`);
    });

    it('names the position of each offending program', () => {
      const problems = checkProgramsAndMedications(
        [
          program('outpatient', { asamEdition: 3, asamLevel: '1' }),
          program('hospital-inpatient', { asamEdition: 3, asamLevel: '3.7' }),
          program('partial-hospitalization', { asamEdition: 4, asamLevel: '2.1' }),
        ],
        [],
      );
      expect(fields(problems)).toEqual(['programs.1.asamLevel', 'programs.2.asamLevel']);
    });
  });

  describe('methadone', () => {
    it.each<LevelOfCare>(['opioid-treatment-program', 'detox-hospital', 'hospital-inpatient'])(
      'is allowed with a %s program',
      (levelOfCare) => {
        expect(checkProgramsAndMedications([program('outpatient'), program(levelOfCare)], ['methadone', 'buprenorphine'])).toEqual([]);
      },
    );

    it.each<LevelOfCare>(
      LEVELS_OF_CARE.filter((level) => !['opioid-treatment-program', 'detox-hospital', 'hospital-inpatient'].includes(level)),
    )('is refused when the only program is %s', (levelOfCare) => {
      const problems = checkProgramsAndMedications([program(levelOfCare)], ['methadone']);
      expect(fields(problems)).toEqual(['medications']);
      expect(problems[0]!.reason).toMatch(/only by a certified opioid treatment program or in a hospital/);
    });

    it('is refused for a facility with residential and outpatient programs but no OTP or hospital', () => {
      expect(
        fields(
          checkProgramsAndMedications(
            [program('detox-residential'), program('residential-long-term'), program('outpatient')],
            ['methadone'],
          ),
        ),
      ).toEqual(['medications']);
    });

    it('does not restrict the other medications', () => {
      expect(
        checkProgramsAndMedications(
          [program('outpatient')],
          ['buprenorphine', 'buprenorphine-extended-release', 'naltrexone-oral', 'naltrexone-extended-release'],
        ),
      ).toEqual([]);
    });
  });

  it('reports every problem at once', () => {
    const problems = checkProgramsAndMedications(
      [
        program('detox-residential', { asamEdition: 3, asamLevel: '1' }),
        program('detox-residential'),
        program('outpatient', { asamEdition: 4 }),
      ],
      ['methadone'],
    );
    expect(fields(problems)).toEqual(['programs.0.asamLevel', 'programs.1.levelOfCare', 'programs.2.asamLevel', 'medications']);
  });
});

describe('checkBedLines', () => {
  const offered: LevelOfCare[] = ['detox-residential', 'residential-short-term'];

  it('accepts consistent lines, one per program and bed type', () => {
    expect(
      checkBedLines(
        [
          bedLine({ bedType: 'male' }),
          bedLine({ bedType: 'female', available: 0, opening24h: 0, opening72h: 0, waitlist: true, typicalWaitDays: 5 }),
          bedLine({ levelOfCare: 'residential-short-term', staffed: 0, available: 0, opening24h: 0, opening72h: 0 }),
        ],
        offered,
      ),
    ).toEqual([]);
  });

  it('accepts the limits: all beds free, every bed opening within 24 h, and a waitlist with an unknown wait', () => {
    expect(
      checkBedLines([bedLine({ staffed: 6, available: 6, opening24h: 6, opening72h: 6, waitlist: true, typicalWaitDays: null })], offered),
    ).toEqual([]);
  });

  it('refuses the same program and bed type twice, at the second listing', () => {
    expect(checkBedLines([bedLine({ bedType: 'male' }), bedLine({ bedType: 'female' }), bedLine({ bedType: 'male' })], offered)).toEqual([
      { field: 'beds.2.bedType', reason: 'male beds in detox-residential are listed twice' },
    ]);
  });

  it('refuses beds in a program the facility does not run, naming what it runs', () => {
    expect(checkBedLines([bedLine(), bedLine({ levelOfCare: 'detox-hospital' })], offered)).toEqual([
      {
        field: 'beds.1.levelOfCare',
        reason: 'facility does not offer detox-hospital; it offers detox-residential, residential-short-term',
      },
    ]);
    expect(checkBedLines([bedLine()], [])).toEqual([
      { field: 'beds.0.levelOfCare', reason: 'facility does not offer detox-residential; it offers no level of care' },
    ]);
  });

  it('refuses more beds free than staffed', () => {
    expect(checkBedLines([bedLine({ staffed: 4, available: 5, opening24h: 0, opening72h: 0 })], offered)).toEqual([
      { field: 'beds.0.available', reason: 'must not exceed staffed (4)' },
    ]);
  });

  it('refuses more beds opening within 24 h than within 72 h', () => {
    expect(checkBedLines([bedLine({ opening24h: 3, opening72h: 2 })], offered)).toEqual([
      {
        field: 'beds.0.opening24h',
        reason: 'beds opening within 24 h are also within 72 h: must not exceed opening72h (2)',
      },
    ]);
  });

  it('refuses more beds opening within 72 h than staffed', () => {
    expect(checkBedLines([bedLine({ staffed: 4, available: 1, opening24h: 1, opening72h: 5 })], offered)).toEqual([
      { field: 'beds.0.opening72h', reason: 'must not exceed staffed (4)' },
    ]);
  });

  it.each([0, 7])('refuses a typical wait of %i days without a waitlist', (typicalWaitDays) => {
    expect(checkBedLines([bedLine({ waitlist: false, typicalWaitDays })], offered)).toEqual([
      { field: 'beds.0.typicalWaitDays', reason: 'a typical wait needs waitlist: true' },
    ]);
  });

  it('reports every problem of every line with its position', () => {
    const problems = checkBedLines(
      [
        bedLine({ levelOfCare: 'outpatient', staffed: 2, available: 3, opening24h: 0, opening72h: 0 }),
        bedLine({ opening24h: 4, opening72h: 3, staffed: 2, available: 0, typicalWaitDays: 2 }),
      ],
      offered,
    );
    expect(fields(problems)).toEqual([
      'beds.0.levelOfCare',
      'beds.0.available',
      'beds.1.opening24h',
      'beds.1.opening72h',
      'beds.1.typicalWaitDays',
    ]);
  });
});

describe('checkCredentials', () => {
  const today = '2026-03-15';

  it('accepts current, undated, expired, revoked and suspended credentials as recorded', () => {
    expect(
      checkCredentials(
        [
          credential({ type: 'state-licence', identifier: 'KY-1', expiresOn: '2026-03-15' }),
          credential({ type: 'carf', expiresOn: null }),
          credential({ type: 'joint-commission', status: 'expired', expiresOn: '2025-01-31' }),
          credential({ type: 'dea', status: 'revoked', expiresOn: '2024-12-31' }),
          credential({ type: 'samhsa-otp', status: 'suspended', expiresOn: '2020-01-01' }),
        ],
        today,
      ),
    ).toEqual([]);
  });

  it('refuses an active credential whose expiry date has passed', () => {
    expect(checkCredentials([credential({ expiresOn: '2026-03-14' })], today)).toEqual([
      { field: 'credentials.0.status', reason: 'cannot be active: it expired on 2026-03-14' },
    ]);
  });

  it('accepts an active credential on its expiry day: it is valid through that day', () => {
    expect(checkCredentials([credential({ expiresOn: today })], today)).toEqual([]);
  });

  it('refuses the same credential listed twice, and allows two of a type with different numbers', () => {
    expect(checkCredentials([credential({ identifier: 'C-1' }), credential({ identifier: 'C-1' })], today)).toEqual([
      { field: 'credentials.1.type', reason: 'carf C-1 is listed twice' },
    ]);
    expect(checkCredentials([credential(), credential()], today)).toEqual([
      { field: 'credentials.1.type', reason: 'carf is listed twice' },
    ]);
    expect(
      checkCredentials(
        [credential({ type: 'state-licence', identifier: 'KY-1' }), credential({ type: 'state-licence', identifier: 'IN-7' })],
        today,
      ),
    ).toEqual([]);
  });

  it('refuses an expiry date that is no calendar date', () => {
    expect(fields(checkCredentials([credential({ status: 'expired', expiresOn: '2026-13-01' })], today))).toEqual([
      'credentials.0.expiresOn',
    ]);
  });
});

describe('checkInsurance', () => {
  it('accepts named plans when private insurance is among the payers', () => {
    expect(checkInsurance(['medicaid', 'private-insurance'], ['Anthem Blue Cross Blue Shield PPO'])).toEqual([]);
  });

  it('accepts payers without named plans', () => {
    expect(checkInsurance(['medicaid'], [])).toEqual([]);
    expect(checkInsurance([], [])).toEqual([]);
  });

  it('refuses named plans without private insurance', () => {
    expect(checkInsurance(['medicaid', 'self-pay'], ['Humana Gold'])).toEqual([
      { field: 'privateInsurancePlans', reason: 'named plans need private-insurance among the payers' },
    ]);
  });
});

describe('effectiveCredentialStatus', () => {
  const carf = credential({ expiresOn: '2026-03-31' });

  it('keeps an active credential active up to and including its expiry day', () => {
    expect(effectiveCredentialStatus(carf, '2026-03-30')).toBe('active');
    expect(effectiveCredentialStatus(carf, '2026-03-31')).toBe('active');
  });

  it('reads an active credential as expired from the day after its expiry date', () => {
    expect(effectiveCredentialStatus(carf, '2026-04-01')).toBe('expired');
    expect(effectiveCredentialStatus(carf, '2027-01-01')).toBe('expired');
  });

  it('keeps an active credential without an expiry date active', () => {
    expect(effectiveCredentialStatus(credential({ expiresOn: null }), '2099-12-31')).toBe('active');
    expect(effectiveCredentialStatus(credential({ expiresOn: undefined }), '2099-12-31')).toBe('active');
  });

  it.each(['revoked', 'suspended', 'expired'] as const)('leaves a %s credential as recorded, before and after its expiry', (status) => {
    expect(effectiveCredentialStatus(credential({ status, expiresOn: '2026-03-31' }), '2026-03-01')).toBe(status);
    expect(effectiveCredentialStatus(credential({ status, expiresOn: '2026-03-31' }), '2026-04-01')).toBe(status);
  });
});

describe('isBedCountStale', () => {
  const confirmedAt = new Date('2026-03-15T08:00:00.000Z');
  const hours = (n: number) => new Date(confirmedAt.getTime() + n * 3_600_000);

  it('is fresh up to and including exactly the stale-after hours', () => {
    expect(isBedCountStale(confirmedAt, confirmedAt, 24)).toBe(false);
    expect(isBedCountStale(confirmedAt, hours(23), 24)).toBe(false);
    expect(isBedCountStale(confirmedAt, hours(24), 24)).toBe(false);
  });

  it('is stale one millisecond later', () => {
    expect(isBedCountStale(confirmedAt, new Date(hours(24).getTime() + 1), 24)).toBe(true);
    expect(isBedCountStale(confirmedAt, hours(72), 24)).toBe(true);
  });

  it('follows the configured hours', () => {
    expect(isBedCountStale(confirmedAt, hours(5), 4)).toBe(true);
    expect(isBedCountStale(confirmedAt, hours(5), 6)).toBe(false);
  });

  it('treats a count confirmed after "now" (clock skew) as fresh', () => {
    expect(isBedCountStale(hours(1), confirmedAt, 24)).toBe(false);
  });
});
