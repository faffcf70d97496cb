import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { CredentialType } from '#contracts';
import { zipcodesGeocoder } from '../zip-geocoder.js';
import { mapSamhsaRow, parseServiceCodes, type DirectoryFacility, type Geocoder, type SamhsaRow } from './samhsa-row.mapper.js';

const geocode: Geocoder = (zip) => ({ '35007': { latitude: 33.2, longitude: -86.8 }, '01007': { latitude: 42.28, longitude: -72.4 } })[zip];

// Every row of apps/facility-registry/data/samhsa/facilities.csv.gz, read as the importer reads it.
const ROWS = parse(gunzipSync(readFileSync(new URL('../../../data/samhsa/facilities.csv.gz', import.meta.url))), {
  columns: true,
  relax_column_count: true,
  skip_empty_lines: true,
  bom: true,
}) as SamhsaRow[];
const BY_ID = new Map(ROWS.map((row) => [row.facility_id, row]));
const MAPPED = ROWS.map((row) => ({
  row,
  codes: parseServiceCodes(row.service_code_info ?? ''),
  mapped: mapSamhsaRow(row, zipcodesGeocoder),
}));
const IMPORTED = MAPPED.flatMap(({ codes, mapped }) => (mapped.ok ? [{ codes, facility: mapped.facility }] : []));

/** The row of the file with this id. */
function row(facilityId: string): SamhsaRow {
  const found = BY_ID.get(facilityId);
  if (!found) throw new Error(`${facilityId} is not in the file`);
  return found;
}

/** The facility a real row of the file becomes. */
function facility(facilityId: string): DirectoryFacility {
  const mapped = mapSamhsaRow(row(facilityId), zipcodesGeocoder);
  if (!mapped.ok) throw new Error(`${facilityId}: ${mapped.reason}`);
  return mapped.facility;
}

const sorted = <T>(values: readonly T[]): T[] => [...values].sort();
const types = (found: DirectoryFacility): CredentialType[] => sorted(found.credentials.map((credential) => credential.type));
const count = (predicate: (codes: ReadonlySet<string>, found: DirectoryFacility) => boolean): number =>
  IMPORTED.filter(({ codes, facility: found }) => predicate(codes, found)).length;
const any = (codes: ReadonlySet<string>, ...wanted: string[]): boolean => wanted.some((code) => codes.has(code));

// The first row of the file, with every code group filled in.
const SHELBY = row('substance_1');

describe('mapSamhsaRow', () => {
  it('maps a real listing row onto levels of care, payers, populations and credentials', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    const found = mapped.facility;
    expect(found.sourceRef).toBe('samhsa:substance_1');
    expect(found.latitude).toBe(33.2);
    expect(sorted(found.levelsOfCare)).toEqual(['detox-outpatient', 'intensive-outpatient', 'opioid-treatment-program', 'outpatient']);
    // FSA government funding and SAMF block grants are the safety net for patients who cannot pay.
    expect(sorted(found.payers)).toEqual([
      'block-grant',
      'government-funding',
      'medicaid',
      'medicare',
      'payment-assistance',
      'private-insurance',
      'self-pay',
      'sliding-fee',
    ]);
    expect(sorted(found.populations)).toEqual(
      sorted([
        'young-adults',
        'women',
        'pregnant-postpartum',
        'men',
        'seniors',
        'lgbtq',
        'veterans',
        'active-duty-military',
        'military-families',
        'criminal-justice',
        'co-occurring',
        'co-occurring-pain',
        'hiv-aids',
        'sexual-abuse',
        'domestic-violence',
        'trauma',
        'co-occurring-serious-mental-illness',
        'dui-dwi',
      ]),
    );
    expect(sorted(found.gendersAccepted)).toEqual(['female', 'male']);
    expect(sorted(found.ageGroupsAccepted)).toEqual(['adults', 'young-adults']);
    expect(types(found)).toEqual(['carf', 'dea', 'samhsa-otp', 'state-licence']);
    expect(found.credentials.every((credential) => credential.status === 'active' && credential.expiresOn === null)).toBe(true);
    expect(found.operators).toEqual(['private-for-profit']);
  });

  it('maps the same row onto programs without ASAM detail, one per level of care', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    const { programs, levelsOfCare } = mapped.facility;
    expect(programs).toEqual(levelsOfCare.map((levelOfCare) => ({ levelOfCare })));
    expect(programs.every((program) => program.asamEdition === undefined && program.asamLevel === undefined)).toBe(true);
  });

  it('maps medications each once, with their form only as the codes state it', () => {
    const found = facility('substance_1');
    // MU MM METH -> methadone; BU BUM -> buprenorphine (form not stated); BWN BWON -> sublingual; BERI; BSDM -> implant;
    // NU -> naltrexone (form not stated); NXN oral; VTRL extended-release; ACM; DSF. DB, DM and UB add no medication.
    expect(sorted(found.medications)).toEqual([
      'acamprosate',
      'buprenorphine',
      'buprenorphine-extended-release',
      'buprenorphine-implant',
      'buprenorphine-sublingual',
      'disulfiram',
      'methadone',
      'naltrexone',
      'naltrexone-extended-release',
      'naltrexone-oral',
    ]);
    expect(sorted(found.medicationServices)).toEqual([
      'buprenorphine-for-withdrawal',
      'buprenorphine-maintenance',
      'lofexidine-or-clonidine',
      'maintenance-then-withdrawal',
      'methadone-for-withdrawal',
      'methadone-maintenance',
      'outpatient-moud',
      'prescribes-alcohol-medication',
      'prescribes-buprenorphine',
      'prescribes-naltrexone',
    ]);
    // ADTX BDTX CDTX MDTX ODTX: cocaine and methamphetamine are both stimulants.
    expect(sorted(found.withdrawalManaged)).toEqual(['alcohol', 'opioids', 'sedatives', 'stimulants']);
    expect(found).toMatchObject({ substancesNotTreated: [], servesOnlyClientsWith: [], continuesExternalMedication: null });
  });

  it('maps therapies from their locator codes', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    expect(sorted(mapped.facility.therapies)).toEqual([
      'anger-management',
      'brief-intervention',
      'cognitive-behavioral-therapy',
      'contingency-management',
      'couples-counselling',
      'family-therapy',
      'group-counselling',
      'individual-counselling',
      'matrix-model',
      'motivational-interviewing',
      'peer-support',
      'relapse-prevention',
      'telehealth',
      'trauma-counselling',
      'twelve-step-facilitation',
    ]);
  });

  it('lists English first for every facility, then the languages the listing names', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    // AH sign language, SP Spanish, FX other languages, F47 Korean.
    expect(mapped.facility.languages[0]).toBe('english');
    expect(sorted(mapped.facility.languages)).toEqual(['american-sign-language', 'english', 'korean', 'other', 'spanish']);
    const plain = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * OP ORT * MD' }, geocode);
    expect(plain.ok && plain.facility.languages).toEqual(['english']);
  });

  it.each([
    ['MOA', true],
    ['NMOA', false],
    ['MOA NMOA', true],
    ['', null],
  ])('reads whether medication prescribed elsewhere is continued: %j -> %p', (code, continues) => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: `SA * OP ORT * ${code} * MD` }, geocode);
    expect(mapped.ok && mapped.facility.continuesExternalMedication).toBe(continues);
  });

  it('gives no medication, therapy, continuation or new list when the listing names none', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * RES RL * SF' }, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    expect(mapped.facility).toMatchObject({
      medications: [],
      therapies: [],
      continuesExternalMedication: null,
      payers: ['self-pay'],
      medicationServices: [],
      substancesNotTreated: [],
      servesOnlyClientsWith: [],
      withdrawalManaged: [],
      operators: [],
      supportServices: [],
    });
  });

  it('adds no medication for DB and DM: medication used for withdrawal only is not maintenance', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA DT * OP OD * DB DM' }, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    expect(mapped.facility.medications).toEqual([]);
    expect(sorted(mapped.facility.medicationServices)).toEqual(['buprenorphine-for-withdrawal', 'methadone-for-withdrawal']);
  });

  it('maps "No payment accepted" (NP) to no-charge', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * OP ORT * NP' }, geocode);
    expect(mapped.ok && mapped.facility.payers).toEqual(['no-charge']);
  });

  it('maps residential and hospital codes', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * RES RL RS RD * HI HID HIT * MD' }, geocode);
    expect(mapped.ok && sorted(mapped.facility.levelsOfCare)).toEqual([
      'detox-hospital',
      'detox-residential',
      'hospital-inpatient',
      'residential-long-term',
      'residential-short-term',
    ]);
  });

  it.each([
    ['SA * OP OMB * BU * MD', ['outpatient']],
    ['SA * RES * MD', ['residential-long-term']],
    ['SA DT * RES RD * MD', ['detox-residential']],
    ['SA * HI * MD', ['hospital-inpatient']],
    ['SA DT * HI HID * MD', ['detox-hospital']],
    ['SA DT * OP ORT * MD', ['detox-outpatient', 'outpatient']],
    [
      'SA DT * HI OP RES HIT RS ORT * MD',
      ['detox-hospital', 'detox-outpatient', 'detox-residential', 'hospital-inpatient', 'outpatient', 'residential-short-term'],
    ],
  ])('reads a parent code without its sub-type as its level: %j', (codes, levels) => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: codes }, geocode);
    expect(mapped.ok && sorted(mapped.facility.levelsOfCare)).toEqual(levels);
  });

  it('restores a ZIP code that lost its leading zero in the source', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, zip: '1007' }, geocode);
    expect(mapped.ok && mapped.facility.zip).toBe('01007');
  });

  it('names the program when the listing has a second name', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, name2: 'Adolescent Program' }, geocode);
    expect(mapped.ok && mapped.facility.name).toBe('Shelby County Treatment Center – Adolescent Program');
  });

  it.each([
    [{ name1: '' }, 'no facility name: the row holds labels or codes, not a facility'],
    [{ zip: 'ABCDE' }, 'ZIP code "ABCDE" is not five digits'],
    [{ zip: '99999' }, 'ZIP code 99999 is unknown to the geocoder'],
    [{ state: 'Kentucky' }, 'state "Kentucky" is not a two-letter code'],
    [{ service_code_info: 'SA * MD PI' }, 'no substance-use level of care in the listing'],
    [{ service_code_info: 'TGD * ADLT SNR' }, 'no substance-use level of care: the row lists gambling-disorder treatment only'],
  ])('rejects %j with the reason', (change, reason) => {
    expect(mapSamhsaRow({ ...SHELBY, ...change }, geocode)).toEqual({ ok: false, reason });
  });
});

describe('parseServiceCodes', () => {
  it('splits groups and codes and ignores the separators', () => {
    expect([...parseServiceCodes('SA DT * OP  OD *  MD')]).toEqual(['SA', 'DT', 'OP', 'OD', 'MD']);
  });
});

// Each finding of issue 13, on a real row of the file.
describe('real rows of the directory', () => {
  describe('substances', () => {
    it('NAUT: a program that does not treat alcohol use disorder says so (substance_195)', () => {
      expect(facility('substance_195')).toMatchObject({ substancesNotTreated: ['alcohol'], servesOnlyClientsWith: [] });
    });

    it('OUDO: an opioid program that serves only clients with opioid use disorder (substance_17)', () => {
      expect(facility('substance_17')).toMatchObject({ substancesNotTreated: ['alcohol'], servesOnlyClientsWith: ['opioids'] });
    });

    it('AUDO and NOOP: a DUI programme for alcohol use disorder only, which does not treat opioids (substance_1484)', () => {
      expect(facility('substance_1484')).toMatchObject({ substancesNotTreated: ['opioids'], servesOnlyClientsWith: ['alcohol'] });
    });

    it('OD without ADTX: an outpatient detox that manages opioid, sedative and stimulant withdrawal, not alcohol (substance_22)', () => {
      const found = facility('substance_22');
      expect(found.levelsOfCare).toContain('detox-outpatient');
      expect(sorted(found.withdrawalManaged)).toEqual(['opioids', 'sedatives', 'stimulants']);
    });
  });

  describe('credentials', () => {
    it('HLA: a hospital licence is a licence on file (substance_26, no state licence code)', () => {
      expect(types(facility('substance_26'))).toEqual(['hospital-licence', 'joint-commission']);
    });

    it('FQHC: a Federally Qualified Health Center with no other credential is listed as such (substance_151)', () => {
      expect(types(facility('substance_151'))).toEqual(['fqhc']);
    });

    it('DEA and SOTP alone map to their own types, not to a licence (substance_449)', () => {
      const found = types(facility('substance_449'));
      expect(found).toEqual(['dea', 'samhsa-otp']);
      expect(found).not.toContain('state-licence');
      expect(found).not.toContain('hospital-licence');
    });
  });

  describe('medications', () => {
    it(
      'MOA residential: continues MOUD prescribed elsewhere and accepts alcohol medication from elsewhere, ' +
        'prescribes none (substance_3)',
      () => {
        const found = facility('substance_3');
        expect(found.levelsOfCare).toEqual(['residential-short-term']);
        expect(found).toMatchObject({
          medications: [],
          continuesExternalMedication: true,
          medicationServices: ['accepts-external-alcohol-medication'],
        });
      },
    );

    it('NMOA hospital: a hospital detox that uses no medication for opioid or alcohol use disorder (substance_33)', () => {
      const found = facility('substance_33');
      expect(found.levelsOfCare).toEqual(['detox-hospital']);
      expect(found).toMatchObject({ medications: [], continuesExternalMedication: false });
      expect(sorted(found.medicationServices)).toEqual(['no-alcohol-medication', 'no-opioid-medication']);
      expect(sorted(found.withdrawalManaged)).toEqual(['alcohol', 'opioids', 'sedatives']);
    });

    it('NOOP hospital: a hospital detox that does not treat opioid use disorder lists no methadone (substance_289)', () => {
      const found = facility('substance_289');
      expect(found.levelsOfCare).toContain('detox-hospital');
      expect(found.substancesNotTreated).toEqual(['opioids']);
      expect(found.medications).not.toContain('methadone');
    });

    it('MOA with NMOA: continues MOUD prescribed elsewhere without using it itself (substance_196)', () => {
      const found = facility('substance_196');
      expect(found.continuesExternalMedication).toBe(true);
      expect(found.medicationServices).toContain('no-opioid-medication');
    });

    it('NU with only VTRL: naltrexone in its extended-release form, no oral naltrexone claimed (substance_12)', () => {
      const found = facility('substance_12');
      expect(sorted(found.medications)).toEqual(['buprenorphine', 'buprenorphine-sublingual', 'naltrexone', 'naltrexone-extended-release']);
      expect(found.medications).not.toContain('naltrexone-oral');
    });

    it('BU with only BERI: no sublingual buprenorphine claimed (substance_75)', () => {
      // BU BERI, and NU with NXN and VTRL; ACM.
      expect(sorted(facility('substance_75').medications)).toEqual([
        'acamprosate',
        'buprenorphine',
        'buprenorphine-extended-release',
        'naltrexone',
        'naltrexone-extended-release',
        'naltrexone-oral',
      ]);
    });

    it('BU with only BSDM: the implant, neither sublingual nor injectable (substance_4417)', () => {
      expect(sorted(facility('substance_4417').medications)).toEqual(['buprenorphine', 'buprenorphine-implant', 'naltrexone']);
    });

    it('DB and DM are withdrawal only, not maintenance (substance_758, an OTP without MM or BUM)', () => {
      const found = facility('substance_758');
      expect(found.medicationServices).toEqual(expect.arrayContaining(['buprenorphine-for-withdrawal', 'methadone-for-withdrawal']));
      expect(found.medicationServices).not.toContain('methadone-maintenance');
      expect(found.medicationServices).not.toContain('buprenorphine-maintenance');
    });

    it('MWS: maintenance with medically supervised withdrawal after stabilisation (substance_28)', () => {
      expect(facility('substance_28').medicationServices).toContain('maintenance-then-withdrawal');
    });
  });

  describe('populations and payers', () => {
    it('SUMH without CO: treats co-occurring serious mental illness (substance_8)', () => {
      const found = facility('substance_8');
      expect(found.populations).toContain('co-occurring-serious-mental-illness');
      expect(found.populations).not.toContain('co-occurring');
    });

    it('FSA, SAMF and ITU: government funding, block grants and IHS/tribal/urban funds (substance_136)', () => {
      expect(sorted(facility('substance_136').payers)).toEqual([
        'block-grant',
        'government-funding',
        'ihs-tribal-funds',
        'medicaid',
        'medicare',
        'private-insurance',
        'self-pay',
        'sliding-fee',
        'state-financed',
        'tricare',
      ]);
    });

    it('DU without CJ: a DUI/DWI programme (substance_92)', () => {
      const found = facility('substance_92');
      expect(found.populations).toContain('dui-dwi');
      expect(found.populations).not.toContain('criminal-justice');
      expect(found.populations).not.toContain('dui-dwi-only');
    });

    it('DUO: a programme that serves only DUI/DWI clients (substance_759)', () => {
      expect(facility('substance_759').populations).toEqual(expect.arrayContaining(['dui-dwi', 'dui-dwi-only']));
    });

    it('operators: a VA medical center, an Indian Health Service centre and a tribal programme', () => {
      expect(sorted(facility('substance_119').operators)).toEqual(['federal', 'veterans-affairs']);
      expect(sorted(facility('substance_429').operators)).toEqual(['federal', 'indian-health-service']);
      expect(facility('substance_131').operators).toEqual(['tribal']);
    });
  });

  describe('levels', () => {
    it('RES alone: long-term residential, for a row imported before without it (substance_760)', () => {
      expect(sorted(facility('substance_760').levelsOfCare)).toEqual([
        'intensive-outpatient',
        'outpatient',
        'partial-hospitalization',
        'residential-long-term',
      ]);
    });

    it.each(['substance_2153', 'substance_2234', 'substance_2235', 'substance_2236', 'substance_2237', 'substance_10777'])(
      'RES alone: %s, rejected before for want of a level, is a long-term residential facility',
      (facilityId) => {
        expect(facility(facilityId).levelsOfCare).toEqual(['residential-long-term']);
      },
    );

    it('DT with the outpatient setting only: outpatient detox (substance_376)', () => {
      const found = facility('substance_376');
      expect(sorted(found.levelsOfCare)).toEqual(['detox-outpatient', 'outpatient']);
      expect(found.withdrawalManaged).toEqual(['opioids']);
    });

    it('DT with the residential setting only: residential detox (substance_795)', () => {
      expect(sorted(facility('substance_795').levelsOfCare)).toEqual(['detox-residential', 'residential-short-term']);
    });

    it('DT in three settings: the detox of each (substance_7778)', () => {
      expect(facility('substance_7778').levelsOfCare).toEqual(
        expect.arrayContaining(['detox-hospital', 'detox-residential', 'detox-outpatient']),
      );
    });

    it('HI alone: hospital inpatient (substance_782)', () => {
      expect(sorted(facility('substance_782').levelsOfCare)).toEqual(['hospital-inpatient', 'intensive-outpatient', 'outpatient']);
    });
  });

  it(
    'support services: sober living, aftercare, self-help, recovery coach, peer mentoring, ' +
      'naloxone, children’s beds, childcare (substance_931)',
    () => {
      expect(facility('substance_931').supportServices).toEqual(
        expect.arrayContaining([
          'sober-living',
          'aftercare',
          'self-help-groups',
          'recovery-coach',
          'peer-mentoring',
          'naloxone',
          'residential-beds-for-children',
          'childcare',
        ]),
      );
      // PEER is mentoring after discharge and stays the therapy peer support too.
      expect(facility('substance_931').therapies).toContain('peer-support');
    },
  );

  it('rejects the five rows at the end, which are not facilities, each with the reason', () => {
    expect(ROWS.slice(-5).map((last) => [last.facility_id, mapSamhsaRow(last, zipcodesGeocoder)])).toEqual([
      ['substance_12201', { ok: false, reason: 'empty row: only an id, no facility' }],
      ['substance_12202', { ok: false, reason: 'empty row: only an id, no facility' }],
      ['substance_12203', { ok: false, reason: 'empty row: only an id, no facility' }],
      // Labels in place of fields, then codes in place of fields.
      ['substance_12204', { ok: false, reason: 'no facility name: the row holds labels or codes, not a facility' }],
      ['substance_12205', { ok: false, reason: 'no facility name: the row holds labels or codes, not a facility' }],
    ]);
  });

  it('imports 12,190 of the 12,205 rows and rejects 15: five non-facilities and ten with no substance-use level of care', () => {
    expect(ROWS).toHaveLength(12_205);
    expect(IMPORTED).toHaveLength(12_190);
    const reasons = new Map<string, string[]>();
    for (const { row: rejected, mapped } of MAPPED) {
      if (!mapped.ok) reasons.set(mapped.reason, [...(reasons.get(mapped.reason) ?? []), rejected.facility_id]);
    }
    expect(Object.fromEntries(reasons)).toEqual({
      'no substance-use level of care: the row lists gambling-disorder treatment only': [
        'substance_1555',
        'substance_3644',
        'substance_5718',
        'substance_5794',
        'substance_5902',
        'substance_8327',
        'substance_8346',
        'substance_11412',
      ],
      'no substance-use level of care in the listing': ['substance_6926', 'substance_7013'],
      'empty row: only an id, no facility': ['substance_12201', 'substance_12202', 'substance_12203'],
      'no facility name: the row holds labels or codes, not a facility': ['substance_12204', 'substance_12205'],
    });
  });

  it('gives the counts the README quotes, over the 12,190 facilities imported', () => {
    const hospital = (codes: ReadonlySet<string>) => any(codes, 'HID', 'HIT');
    const methadone = (codes: ReadonlySet<string>) => any(codes, 'MU', 'METH', 'MM', 'DM', 'OTP');
    const licence = (found: DirectoryFacility) =>
      found.credentials.some((credential) => ['state-licence', 'hospital-licence'].includes(credential.type));
    expect({
      // Substances and withdrawal.
      notTreatingAlcohol: count((codes) => codes.has('NAUT')),
      notTreatingOpioids: count((codes) => codes.has('NOOP')),
      opioidUseDisorderOnly: count((codes) => codes.has('OUDO')),
      alcoholUseDisorderOnly: count((codes) => codes.has('AUDO')),
      outpatientDetoxOD: count((codes) => codes.has('OD')),
      outpatientDetoxODWithoutAlcohol: count((codes) => codes.has('OD') && !codes.has('ADTX')),
      detoxWithNoWithdrawalTypeOnFile: count(
        (_, found) => found.levelsOfCare.some((level) => level.startsWith('detox-')) && found.withdrawalManaged.length === 0,
      ),
      // Credentials.
      noCredentialCodeAtAll: count(
        (codes) => !any(codes, 'STAG', 'STDH', 'STMH', 'HLA', 'FQHC', 'CARF', 'JC', 'COA', 'NCQA', 'HFAP', 'SOTP', 'DEA'),
      ),
      noCredentialMappedBefore: count((codes) => !any(codes, 'STAG', 'STDH', 'STMH', 'CARF', 'JC', 'COA', 'NCQA', 'HFAP', 'SOTP', 'DEA')),
      noLicenceOnFile: count((_, found) => !licence(found)),
      hospitalLicence: count((codes) => codes.has('HLA')),
      hospitalLicenceOnly: count((codes) => codes.has('HLA') && !any(codes, 'STAG', 'STDH', 'STMH')),
      fqhc: count((codes) => codes.has('FQHC')),
      deaOrSotpWithoutLicence: count((codes, found) => any(codes, 'DEA', 'SOTP') && !licence(found)),
      // Medications.
      moaResidentialWithoutOtpOrHospital: count((codes) => codes.has('MOA') && any(codes, 'RS', 'RL') && !any(codes, 'OTP', 'HID', 'HIT')),
      hospitalWithoutMethadoneCode: count((codes) => hospital(codes) && !methadone(codes)),
      hospitalWithoutMethadoneCodeNMOA: count((codes) => hospital(codes) && !methadone(codes) && codes.has('NMOA')),
      hospitalWithoutMethadoneCodeNOOP: count((codes) => hospital(codes) && !methadone(codes) && codes.has('NOOP')),
      naltrexoneExtendedReleaseOnly: count((codes) => codes.has('NU') && codes.has('VTRL') && !codes.has('NXN')),
      buprenorphineExtendedReleaseOrImplantOnly: count(
        (codes) => codes.has('BU') && any(codes, 'BERI', 'BSDM') && !any(codes, 'BWN', 'BWON'),
      ),
      maintenanceThenWithdrawal: count((codes) => codes.has('MWS')),
      moaAndNmoa: count((codes) => codes.has('MOA') && codes.has('NMOA')),
      // Populations and payers.
      seriousMentalIllness: count((codes) => codes.has('SUMH')),
      seriousMentalIllnessWithoutCO: count((codes) => codes.has('SUMH') && !codes.has('CO')),
      cash: count((codes) => codes.has('SF')),
      governmentFunding: count((codes) => codes.has('FSA')),
      blockGrant: count((codes) => codes.has('SAMF')),
      ihsTribalUrbanFunds: count((codes) => codes.has('ITU')),
      noPayerOnFile: count((_, found) => found.payers.length === 0),
      duiDwi: count((codes) => codes.has('DU')),
      duiDwiWithoutCJ: count((codes) => codes.has('DU') && !codes.has('CJ')),
      duiDwiOnly: count((codes) => codes.has('DUO')),
      runByVA: count((codes) => codes.has('VAMC')),
      runByIHS: count((codes) => codes.has('IH')),
      runByTribe: count((codes) => codes.has('TBG')),
      // Levels from parent codes.
      residentialWithoutSubType: count((codes) => codes.has('RES') && !any(codes, 'RS', 'RL', 'RD')),
      detoxWithoutSubType: count((codes) => codes.has('DT') && !any(codes, 'HID', 'RD', 'OD')),
      hospitalWithoutSubType: count((codes) => codes.has('HI') && !any(codes, 'HID', 'HIT')),
      // Aftercare and family services.
      soberLiving: count((codes) => codes.has('HH')),
      aftercare: count((codes) => codes.has('ACC')),
      selfHelpGroups: count((codes) => codes.has('SHG')),
      recoveryCoach: count((codes) => codes.has('RC')),
      peerMentoring: count((codes) => codes.has('PEER')),
      naloxone: count((codes) => codes.has('NOE')),
      bedsForChildren: count((codes) => codes.has('BC')),
      childcare: count((codes) => codes.has('CCC')),
    }).toEqual({
      notTreatingAlcohol: 1452,
      notTreatingOpioids: 827,
      opioidUseDisorderOnly: 1144,
      alcoholUseDisorderOnly: 76,
      outpatientDetoxOD: 1240,
      outpatientDetoxODWithoutAlcohol: 592,
      detoxWithNoWithdrawalTypeOnFile: 76,
      noCredentialCodeAtAll: 444,
      noCredentialMappedBefore: 534,
      noLicenceOnFile: 1263,
      hospitalLicence: 422,
      hospitalLicenceOnly: 40,
      fqhc: 1062,
      deaOrSotpWithoutLicence: 176,
      moaResidentialWithoutOtpOrHospital: 1688,
      hospitalWithoutMethadoneCode: 651,
      hospitalWithoutMethadoneCodeNMOA: 33,
      hospitalWithoutMethadoneCodeNOOP: 23,
      naltrexoneExtendedReleaseOnly: 430,
      buprenorphineExtendedReleaseOrImplantOnly: 30,
      maintenanceThenWithdrawal: 3537,
      moaAndNmoa: 11,
      seriousMentalIllness: 7240,
      seriousMentalIllnessWithoutCO: 1803,
      cash: 11169,
      governmentFunding: 6242,
      blockGrant: 3403,
      ihsTribalUrbanFunds: 1459,
      noPayerOnFile: 17,
      duiDwi: 2515,
      duiDwiWithoutCJ: 819,
      duiDwiOnly: 70,
      runByVA: 116,
      runByIHS: 11,
      runByTribe: 128,
      residentialWithoutSubType: 29,
      detoxWithoutSubType: 94,
      hospitalWithoutSubType: 37,
      soberLiving: 1111,
      aftercare: 10866,
      selfHelpGroups: 5919,
      recoveryCoach: 4562,
      peerMentoring: 8544,
      naloxone: 9517,
      bedsForChildren: 315,
      childcare: 565,
    });
  });
});
