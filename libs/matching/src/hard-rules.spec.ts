import type { LevelOfCare } from '#contracts';
import { EXCLUSION_RULES } from '#vocabulary';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { evaluateFacility, matchFacilities } from './match-engine.js';
import type { MatchRequest, PatientNeeds } from './match-request.js';
import type { Evaluation, FacilityMatch } from './match-result.js';
import { bareFacility, bed, LEVEL, northOfOrigin, request as baseRequest, unverified, verified } from './matching.test-factory.js';
import { LICENCE_NOT_YET_VERIFIED, NEED_RULES, referenceEvaluate } from './reference-rules.js';

// Worked cases for the rules of issue 13, each judged by the fast engine (evaluateFacility) and by the
// plain statement of the rules (referenceEvaluate), which must agree.

const RESIDENTIAL: LevelOfCare = LEVEL;
const DETOX: LevelOfCare = 'detox-residential';

/** A residential and detox facility that fits the default request and states nothing the new rules read. */
function facility(overrides: Partial<FacilitySnapshot> = {}): FacilitySnapshot {
  return bareFacility({ levelsOfCare: [RESIDENTIAL, DETOX], beds: [bed(), bed({ levelOfCare: DETOX })], ...overrides });
}

/** The default request within 50 mi, for a woman; the needs come first, as they are what most tests are about. */
function request(needs: Partial<PatientNeeds> = {}, overrides: Partial<Omit<MatchRequest, 'needs'>> = {}): MatchRequest {
  return baseRequest({ maxDistanceMiles: 50, ...overrides }, { gender: 'female', ...needs });
}

/** The engine's verdict, after checking that the reference gives the same one. */
function judge(req: MatchRequest, fac: FacilitySnapshot): Evaluation {
  const engine = evaluateFacility(req, fac);
  const reference = referenceEvaluate(req, fac);
  expect(engine.fits ? 'fits' : engine.rule).toBe(reference.fits ? 'fits' : reference.rule);
  return engine;
}

function fits(req: MatchRequest, fac: FacilitySnapshot): FacilityMatch {
  const evaluation = judge(req, fac);
  if (!evaluation.fits) throw new Error(`expected a fit, got excluded by ${evaluation.rule}: ${evaluation.detail}`);
  return evaluation.match;
}

function excluded(req: MatchRequest, fac: FacilitySnapshot, rule: string): string {
  const evaluation = judge(req, fac);
  if (evaluation.fits) throw new Error(`expected exclusion by ${rule}, but the facility fits: ${evaluation.match.reasons.join('; ')}`);
  expect(evaluation.rule).toBe(rule);
  return evaluation.detail;
}

describe('the rules in order', () => {
  it('states the rules after the bed rules in EXCLUSION_RULES order', () => {
    expect(['inactive', 'distance', 'level-of-care', 'no-bed', 'stale-count', ...NEED_RULES.map(([rule]) => rule)]).toEqual([
      ...EXCLUSION_RULES,
    ]);
  });
});

describe('payer', () => {
  it('lets an uninsured patient in with block-grant or government funding, not with self-pay or a state-financed plan', () => {
    const uninsured = request({}, { payer: 'uninsured' });
    expect(excluded(uninsured, facility({ payers: ['self-pay', 'state-financed'] }), 'payer')).toBe('no option for uninsured patients');
    expect(fits(uninsured, facility({ payers: ['self-pay', 'block-grant'] })).reasons).toContain(
      'uninsured patients: SAMHSA block-grant funding',
    );
    expect(fits(uninsured, facility({ payers: ['government-funding'] })).reasons).toContain(
      'uninsured patients: government funding for treatment',
    );
  });

  it('keeps a facility with no payer listed, for any payer, saying payment information is not on file', () => {
    for (const payer of ['medicaid', 'private-insurance', 'uninsured', 'self-pay'] as const) {
      expect(fits(request({}, { payer }), facility({ payers: [] })).reasons).toContain('payment information not on file');
    }
  });

  it('takes an IHS/tribal patient where ITU funds are accepted, or the Indian Health Service or a tribe runs the facility', () => {
    const ihs = request({}, { payer: 'ihs-tribal' });
    expect(fits(ihs, facility({ payers: ['medicaid', 'ihs-tribal-funds'] })).reasons).toContain(
      'accepts IHS, tribal or urban Indian funds',
    );
    expect(fits(ihs, facility({ payers: ['medicaid'], operators: ['indian-health-service'] })).reasons).toContain(
      'run by the Indian Health Service',
    );
    expect(fits(ihs, facility({ payers: ['medicaid'], operators: ['tribal'] })).reasons).toContain('run by a tribal government');
    expect(excluded(ihs, facility({ payers: ['medicaid', 'self-pay'], operators: ['state'] }), 'payer')).toBe(
      'does not accept IHS, tribal or urban Indian funds',
    );
    expect(fits(ihs, facility({ payers: [] })).reasons).toContain('payment information not on file');
  });

  it('never excludes a VA patient, and says what the directory can tell about VA coverage', () => {
    const va = request({}, { payer: 'va' });
    expect(fits(va, facility({ payers: ['medicaid'], operators: ['veterans-affairs'] })).reasons).toContain(
      'run by the U.S. Department of Veterans Affairs',
    );
    expect(fits(va, facility({ payers: ['private-insurance'] })).reasons).toContain(
      "VA coverage not on file: VA Community Care needs the VA's authorisation",
    );
  });
});

describe('credential', () => {
  it('keeps a facility with no licence on file, saying so, and excludes one whose licence expired', () => {
    expect(fits(request(), facility({ credentials: [] })).reasons).toContain("listed in SAMHSA's directory; licence not on file");
    const expired = facility({ credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2026-01-31' }] });
    const later = request({}, { asOf: new Date('2026-02-01T09:00:00.000Z') });
    expect(excluded(later, { ...expired, beds: [bed({ confirmedAt: '2026-02-01T09:00:00.000Z' })] }, 'credential')).toBe(
      'state licence expired on 2026-01-31',
    );
    expect(excluded(request(), facility({ credentials: [{ type: 'state-licence', status: 'revoked' }] }), 'credential')).toBe(
      'state licence revoked',
    );
    expect(excluded(request(), facility({ credentials: [{ type: 'hospital-licence', status: 'suspended' }] }), 'credential')).toBe(
      'hospital licence suspended',
    );
  });

  it(
    'counts a hospital licence as a licence, ' +
      'and a DEA registration, OTP certification or FQHC designation alone as no licence on file',
    () => {
      expect(
        fits(request(), facility({ credentials: [{ type: 'hospital-licence', status: 'active', expiresOn: null }] })).reasons,
      ).toContain('valid hospital licence');
      for (const type of ['dea', 'samhsa-otp', 'fqhc'] as const) {
        const match = fits(request(), facility({ credentials: [{ type, status: 'active', expiresOn: null }] }));
        expect(match.reasons).toContain("listed in SAMHSA's directory; licence not on file");
      }
      // A DEA registration does not rescue a revoked licence.
      const revoked = facility({
        credentials: [
          { type: 'state-licence', status: 'revoked' },
          { type: 'dea', status: 'active', expiresOn: null },
        ],
      });
      excluded(request(), revoked, 'credential');
    },
  );

  it('ranks a facility without a licence on file below every one with a licence, however much nearer', () => {
    const unlicensed = facility({ facilityId: 'a-unlicensed', credentials: [] });
    const deaOnly = facility({ facilityId: 'b-dea-only', credentials: [{ type: 'dea', status: 'active', expiresOn: null }] });
    const licensed = facility({ facilityId: 'z-licensed', ...northOfOrigin(40), beds: [bed({ available: 1 })] });
    const result = matchFacilities(request(), [unlicensed, deaOnly, licensed]);
    expect(result.matches.map((match) => match.facilityId)).toEqual(['z-licensed', 'a-unlicensed', 'b-dea-only']);
    expect(result.matches[0]!.score).toBeLessThan(result.matches[1]!.score);
  });
});

describe('credential verification', () => {
  it('keeps a facility whose only licence it entered itself, saying it is not yet verified, and names a verified one', () => {
    const match = fits(request(), facility({ credentials: [unverified()] }));
    expect(match.reasons).toContain(LICENCE_NOT_YET_VERIFIED);
    expect(match.reasons).not.toContain('valid state licence');
    expect(fits(request(), facility({ credentials: [verified()] })).reasons).toContain('valid state licence');
    expect(fits(request(), facility({ credentials: [{ ...verified(), verification: 'directory-listed' }] })).reasons).toContain(
      'valid state licence',
    );
    // A valid licence on file speaks for the facility, whatever it entered besides.
    const both = fits(request(), facility({ credentials: [verified({ type: 'hospital-licence' }), unverified()] }));
    expect(both.reasons).toContain('valid hospital licence');
    expect(both.reasons).not.toContain(LICENCE_NOT_YET_VERIFIED);
  });

  it('ranks a facility with an unverified licence below an equal one with a verified or directory-listed licence, as one without', () => {
    const selfEntered = facility({ facilityId: 'a-self-entered', credentials: [unverified()] });
    const none = facility({ facilityId: 'b-none', credentials: [] });
    const checked = facility({ facilityId: 'c-verified', credentials: [verified()] });
    const listed = facility({ facilityId: 'd-listed', credentials: [{ ...verified(), verification: 'directory-listed' }] });
    const result = matchFacilities(request(), [selfEntered, none, checked, listed]);
    expect(result.matches.map((match) => match.facilityId)).toEqual(['c-verified', 'd-listed', 'a-self-entered', 'b-none']);
  });

  it("excludes on the facility's own word that its licence is revoked or expired, saying it entered it", () => {
    expect(excluded(request(), facility({ credentials: [unverified({ status: 'revoked' })] }), 'credential')).toBe(
      'state licence revoked, as entered by the facility',
    );
    expect(excluded(request(), facility({ credentials: [unverified({ expiresOn: '2025-06-14' })] }), 'credential')).toBe(
      'state licence expired on 2025-06-14, as entered by the facility',
    );
  });

  it('does not count an accreditation the facility entered itself when one is required, saying why', () => {
    const required = request({}, { requireAccreditation: true });
    const selfAccredited = facility({ credentials: [verified(), unverified({ type: 'carf' })] });
    expect(excluded(required, selfAccredited, 'accreditation')).toBe('CARF accreditation entered by the facility, not yet verified');
    expect(fits(request(), selfAccredited).reasons).toContain('CARF accreditation entered by the facility, not yet verified');
    expect(fits(required, facility({ credentials: [verified(), verified({ type: 'carf' })] })).reasons).toContain('accredited by CARF');
    expect(
      fits(required, facility({ credentials: [verified(), { ...verified({ type: 'coa' }), verification: undefined }] })).reasons,
    ).toContain('accredited by COA');
  });
});

describe('co-occurring', () => {
  it('passes with co-occurring serious mental illness (SUMH) or co-occurring (CO)', () => {
    const patient = request({ coOccurringMentalIllness: true });
    expect(fits(patient, facility({ populations: ['co-occurring-serious-mental-illness'] })).reasons).toContain(
      'treats co-occurring serious mental illness',
    );
    expect(fits(patient, facility({ populations: ['co-occurring'] })).reasons).toContain('serves co-occurring mental illness');
    excluded(patient, facility({ populations: ['co-occurring-pain'] }), 'co-occurring');
  });
});

describe('court-ordered', () => {
  it('takes a DUI/DWI order at a DUI/DWI programme (DU or DUO), not at a criminal-justice one alone', () => {
    const dui = request({ courtOrder: 'dui' });
    expect(fits(dui, facility({ populations: ['dui-dwi'] })).reasons).toContain('serves DUI/DWI clients');
    fits(dui, facility({ populations: ['dui-dwi-only'] }));
    expect(excluded(dui, facility({ populations: ['criminal-justice'] }), 'court-ordered')).toBe('no program for DUI/DWI clients');
  });

  it('takes another court order at a criminal-justice programme, not at a DUI/DWI one', () => {
    const other = request({ courtOrder: 'other' });
    expect(fits(other, facility({ populations: ['criminal-justice', 'dui-dwi'] })).reasons).toContain('serves criminal-justice clients');
    expect(excluded(other, facility({ populations: ['dui-dwi'] }), 'court-ordered')).toBe('no program for criminal-justice clients');
  });

  it('leaves a programme serving only DUI/DWI clients to them', () => {
    for (const courtOrder of [null, undefined, 'other'] as const) {
      const detail = excluded(request({ courtOrder }), facility({ populations: ['dui-dwi-only', 'criminal-justice'] }), 'court-ordered');
      expect(detail).toBe('serves only DUI/DWI clients');
    }
    fits(request(), facility({ populations: ['dui-dwi'] }));
  });
});

describe('substance', () => {
  it('excludes a facility that does not treat alcohol (NAUT) for an alcohol patient', () => {
    const naut = facility({ substancesNotTreated: ['alcohol'] });
    expect(excluded(request({ substances: ['alcohol'] }), naut, 'substance')).toBe('does not treat alcohol use disorder');
    expect(excluded(request({ substances: ['opioids', 'alcohol'] }), naut, 'substance')).toBe('does not treat alcohol use disorder');
    fits(request({ substances: ['opioids'] }), naut);
  });

  it('excludes a facility serving only opioid use disorder (OUDO) for an alcohol-only patient, not for one who also uses opioids', () => {
    const oudo = facility({ servesOnlyClientsWith: ['opioids'] });
    expect(excluded(request({ substances: ['alcohol'] }), oudo, 'substance')).toBe('serves only clients with opioid use disorder');
    fits(request({ substances: ['alcohol', 'opioids'] }), oudo);
  });

  it('excludes a facility that does not treat opioids (NOOP) for an opioid patient', () => {
    expect(excluded(request({ substances: ['opioids'] }), facility({ substancesNotTreated: ['opioids'] }), 'substance')).toBe(
      'does not treat opioid use disorder',
    );
  });
});

describe('withdrawal', () => {
  const detox = (substances: PatientNeeds['substances']) => request({ substances }, { levelOfCare: DETOX });

  it('excludes a detox that does not manage alcohol withdrawal (no ADTX) for alcohol withdrawal', () => {
    const opioidDetox = facility({ withdrawalManaged: ['opioids'] });
    expect(excluded(detox(['alcohol']), opioidDetox, 'withdrawal')).toBe('does not manage alcohol withdrawal');
    expect(excluded(detox(['alcohol', 'sedatives', 'opioids']), opioidDetox, 'withdrawal')).toBe(
      'does not manage alcohol or sedative (benzodiazepine) withdrawal',
    );
    expect(fits(detox(['opioids']), opioidDetox).reasons).toContain('manages opioid withdrawal');
    expect(fits(detox(['alcohol', 'opioids']), facility({ withdrawalManaged: ['alcohol', 'opioids'] })).reasons).toContain(
      'manages alcohol and opioid withdrawal',
    );
  });

  it('keeps a detox that lists no withdrawal type, asking the planner to confirm', () => {
    const match = fits(detox(['alcohol', 'sedatives']), facility({ withdrawalManaged: [] }));
    expect(match.reasons).toContain('withdrawal types not on file: confirm it manages alcohol and sedative (benzodiazepine) withdrawal');
  });

  it('checks only substances with a withdrawal code, and only for a detox referral', () => {
    fits(detox(['cannabis', 'other']), facility({ withdrawalManaged: ['opioids'] }));
    const match = fits(request({ substances: ['alcohol'] }), facility({ withdrawalManaged: ['opioids'] }));
    expect(match.reasons.some((reason) => reason.includes('withdrawal'))).toBe(false);
    // The requested level decides, also when the bed is found at another level the planner allowed.
    excluded(
      request({ substances: ['alcohol'] }, { levelOfCare: DETOX, acceptableLevels: [DETOX, RESIDENTIAL] }),
      facility({ levelsOfCare: [RESIDENTIAL], withdrawalManaged: ['opioids'] }),
      'withdrawal',
    );
  });
});

describe('medication (continue)', () => {
  const onMethadone = request({ medication: 'methadone' });

  it(
    'continues methadone at a residential facility that takes clients on MOUD prescribed elsewhere (MOA), ' + 'dosing staying with the OTP',
    () => {
      const moa = facility({ levelsOfCare: [RESIDENTIAL], continuesExternalMedication: true });
      expect(fits(onMethadone, moa).reasons).toContain(
        "accepts methadone prescribed elsewhere: dosing stays with the patient's opioid treatment program",
      );
    },
  );

  it('continues methadone at an OTP or in hospital care only where methadone is listed', () => {
    expect(
      fits(onMethadone, facility({ levelsOfCare: [RESIDENTIAL, 'opioid-treatment-program'], medications: ['methadone'] })).reasons,
    ).toContain('continues methadone at its opioid treatment program');
    const hospital = facility({ levelsOfCare: [RESIDENTIAL, 'hospital-inpatient'], medications: ['buprenorphine'] });
    expect(excluded(onMethadone, hospital, 'medication')).toMatch(/^does not continue methadone/);
    expect(fits(onMethadone, { ...hospital, medications: ['methadone'] }).reasons).toContain('continues methadone in hospital care');
  });

  it('never continues MOUD where the facility uses none (NMOA) or does not treat opioids (NOOP)', () => {
    const otp = {
      levelsOfCare: [RESIDENTIAL, 'opioid-treatment-program' as const],
      medications: ['methadone' as const, 'buprenorphine' as const],
      continuesExternalMedication: true,
    };
    expect(excluded(onMethadone, facility({ ...otp, medicationServices: ['no-opioid-medication'] }), 'medication')).toBe(
      'does not use medication for opioid use disorder',
    );
    expect(
      excluded(request({ medication: 'buprenorphine' }), facility({ ...otp, medicationServices: ['no-opioid-medication'] }), 'medication'),
    ).toBe('does not use medication for opioid use disorder');
    // NOOP for a patient named for alcohol only (an opioid patient is left out by the substance rule first).
    const noop = facility({ ...otp, substancesNotTreated: ['opioids'] });
    expect(excluded(request({ substances: ['alcohol'], medication: 'methadone' }), noop, 'medication')).toBe(
      'does not treat opioid use disorder',
    );
  });

  it('does not count buprenorphine used for withdrawal only (DB) as maintenance', () => {
    const withdrawalOnly = facility({
      medicationServices: ['buprenorphine-for-withdrawal', 'methadone-for-withdrawal'],
      medications: [],
      continuesExternalMedication: null,
    });
    expect(excluded(request({ medication: 'buprenorphine' }), withdrawalOnly, 'medication')).toBe('does not continue buprenorphine');
    excluded(onMethadone, { ...withdrawalOnly, levelsOfCare: [RESIDENTIAL, 'detox-hospital'] }, 'medication');
  });

  it('matches naltrexone forms only as the data states them', () => {
    const injection = request({ medication: 'naltrexone-extended-release' });
    expect(excluded(injection, facility({ medications: ['naltrexone-oral'], continuesExternalMedication: false }), 'medication')).toBe(
      'does not continue extended-release naltrexone',
    );
    expect(fits(injection, facility({ medications: ['naltrexone'] })).reasons).toContain('provides naltrexone (form not stated)');
    expect(fits(request({ medication: 'naltrexone' }), facility({ medications: ['naltrexone-extended-release'] })).reasons).toContain(
      'provides extended-release naltrexone',
    );
  });

  it('treats naltrexone for alcohol, acamprosate and disulfiram as alcohol medication: ACMA, not MOA; never with NMAUT', () => {
    const alcohol = (medication: PatientNeeds['medication']) => request({ substances: ['alcohol'], medication });
    excluded(alcohol('naltrexone-oral'), facility({ continuesExternalMedication: true }), 'medication');
    expect(fits(alcohol('acamprosate'), facility({ medicationServices: ['accepts-external-alcohol-medication'] })).reasons).toContain(
      'continues acamprosate prescribed elsewhere',
    );
    expect(
      excluded(
        alcohol('disulfiram'),
        facility({ medications: ['disulfiram'], medicationServices: ['no-alcohol-medication'] }),
        'medication',
      ),
    ).toBe('does not use medication for alcohol use disorder');
    // No MOUD (NMOA) says nothing of alcohol medication.
    fits(alcohol('naltrexone-oral'), facility({ medications: ['naltrexone-oral'], medicationServices: ['no-opioid-medication'] }));
  });
});

describe('start-medication', () => {
  it('starts buprenorphine where the facility prescribes it (UB), or at an OTP listing it', () => {
    const start = request({ startMedication: 'buprenorphine' });
    expect(fits(start, facility({ medicationServices: ['prescribes-buprenorphine'] })).reasons).toContain('prescribes buprenorphine');
    const otp = facility({ levelsOfCare: [RESIDENTIAL, 'opioid-treatment-program'], medications: ['buprenorphine-sublingual'] });
    expect(fits(start, otp).reasons).toContain('starts sublingual buprenorphine at its opioid treatment program');
    expect(excluded(start, facility({ medications: ['buprenorphine'], continuesExternalMedication: true }), 'start-medication')).toBe(
      'does not start buprenorphine',
    );
  });

  it('starts a form the patient names only where that form (or the drug alone) is listed', () => {
    const implant = request({ startMedication: 'buprenorphine-implant' });
    excluded(
      implant,
      facility({ medicationServices: ['prescribes-buprenorphine'], medications: ['buprenorphine-sublingual'] }),
      'start-medication',
    );
    expect(fits(implant, facility({ medicationServices: ['prescribes-buprenorphine'], medications: ['buprenorphine'] })).reasons).toContain(
      'prescribes buprenorphine; lists buprenorphine (form not stated)',
    );
  });

  it('starts methadone only at an opioid treatment program listing it', () => {
    const start = request({ startMedication: 'methadone' });
    excluded(
      start,
      facility({ levelsOfCare: [RESIDENTIAL, 'hospital-inpatient'], medications: ['methadone'], continuesExternalMedication: true }),
      'start-medication',
    );
    fits(start, facility({ levelsOfCare: [RESIDENTIAL, 'opioid-treatment-program'], medications: ['methadone'] }));
  });

  it('starts naltrexone through a prescriber (UN), or for alcohol through a prescriber of alcohol medication listing it (PMAT)', () => {
    const pmat = facility({ medicationServices: ['prescribes-alcohol-medication'], medications: ['naltrexone-oral'] });
    expect(fits(request({ substances: ['alcohol'], startMedication: 'naltrexone' }), pmat).reasons).toContain(
      'prescribes alcohol use disorder medication; lists oral naltrexone',
    );
    excluded(request({ substances: ['opioids'], startMedication: 'naltrexone' }), pmat, 'start-medication');
    fits(
      request({ substances: ['opioids'], startMedication: 'naltrexone-oral' }),
      facility({ medicationServices: ['prescribes-naltrexone'], medications: ['naltrexone-oral'] }),
    );
  });

  it('never starts MOUD with NMOA, nor alcohol medication with NMAUT', () => {
    excluded(
      request({ startMedication: 'buprenorphine' }),
      facility({ medicationServices: ['prescribes-buprenorphine', 'no-opioid-medication'] }),
      'start-medication',
    );
    const acamprosate = request({ substances: ['alcohol'], startMedication: 'acamprosate' });
    expect(fits(acamprosate, facility({ medications: ['acamprosate'] })).reasons).toContain('provides acamprosate');
    excluded(acamprosate, facility({ medications: ['acamprosate'], medicationServices: ['no-alcohol-medication'] }), 'start-medication');
  });
});

describe('parenting', () => {
  it('needs residential beds for children (BC) when the children come, and childcare (CCC) when the patient needs it', () => {
    expect(excluded(request({ bedsForChildren: true }), facility({ supportServices: ['childcare'] }), 'parenting')).toBe(
      "no residential beds for clients' children",
    );
    expect(excluded(request({ childcare: true }), facility({ supportServices: ['residential-beds-for-children'] }), 'parenting')).toBe(
      "no childcare for clients' children",
    );
    const both = fits(
      request({ bedsForChildren: true, childcare: true }),
      facility({ supportServices: ['residential-beds-for-children', 'childcare'] }),
    );
    expect(both.reasons).toEqual(
      expect.arrayContaining(["offers residential beds for clients' children", "offers childcare for clients' children"]),
    );
  });
});

describe('ranking for a pregnant patient who needs treatment for opioids', () => {
  const pregnancyProgramme = { populations: ['pregnant-postpartum' as const] };
  const nearNoMoud = facility({ facilityId: 'a-near-no-moud', ...pregnancyProgramme, beds: [bed({ available: 10 })] });
  const methadone = facility({
    facilityId: 'b-methadone',
    ...northOfOrigin(30),
    ...pregnancyProgramme,
    medications: ['methadone'],
    continuesExternalMedication: true,
  });
  const buprenorphine = facility({
    facilityId: 'c-buprenorphine',
    ...northOfOrigin(20),
    ...pregnancyProgramme,
    medications: ['buprenorphine-sublingual'],
  });
  const unlicensedMoud = facility({
    facilityId: 'd-unlicensed-moud',
    ...pregnancyProgramme,
    medications: ['buprenorphine'],
    credentials: [],
  });
  const all = [nearNoMoud, methadone, buprenorphine, unlicensedMoud];

  it('puts facilities offering MOUD first, then a licence on file, then the score', () => {
    const result = matchFacilities(request({ pregnant: true, substances: ['opioids', 'alcohol'] }), all);
    expect(result.matches.map((match) => match.facilityId)).toEqual([
      'c-buprenorphine',
      'b-methadone',
      'd-unlicensed-moud',
      'a-near-no-moud',
    ]);
    expect(result.matches[0]!.reasons).toContain('offers MOUD (methadone or buprenorphine), recommended in pregnancy: ranked first');
    expect(result.matches[3]!.reasons.some((reason) => reason.includes('MOUD'))).toBe(false);
  });

  it('ranks by licence and score alone when the patient is not pregnant or not treated for opioids', () => {
    for (const needs of [
      { pregnant: false, substances: ['opioids' as const] },
      { pregnant: true, substances: ['alcohol' as const] },
    ]) {
      const result = matchFacilities(request(needs), all);
      expect(result.matches.map((match) => match.facilityId)).toEqual([
        'a-near-no-moud',
        'c-buprenorphine',
        'b-methadone',
        'd-unlicensed-moud',
      ]);
    }
  });
});
