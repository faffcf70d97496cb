import { mapSamhsaRow, parseServiceCodes, type Geocoder, type SamhsaRow } from './samhsa-row.mapper.js';

const geocode: Geocoder = (zip) => ({ '35007': { latitude: 33.2, longitude: -86.8 }, '01007': { latitude: 42.28, longitude: -72.4 } })[zip];

// Rows as they appear in apps/facility-registry/data/samhsa/facilities.csv.gz.
const SHELBY: SamhsaRow = {
  facility_id: 'substance_1',
  name1: 'Shelby County Treatment Center',
  name2: '',
  street1: '750 Highway 31 South',
  street2: '',
  city: 'Alabaster',
  state: 'AL',
  zip: '35007',
  phone: '205-216-0200',
  service_code_info:
    'SA DT SUMH * OP OD OIT OMB ORT * MU BU NU * PMAT * AUINPE AURPE AUPC * DB BUM OTP DM MM UB UN MWS * ACM DSF METH BSDM BWN BWON BERI NXN VTRL MHIV MHCV LFXD CLND MMD NRT NSC * ANG BIA CBT CMI MOTI MXM RELP SACA TELE TRC TWFA * PVTP * STAG STMH CARF SOTP DEA * FSA MC MD PI SF SAMF * PA SS * TAY WN PW MN SE GL VET ADM MF CJ CO COPSU HV XA DV TRMA * CMHA CSAA ISC OPC MHPA STU SSA SMHD PIEC * BABA DAOF DAUT HIVT STDT TBS MST HBT HCT * ACC DP NOE OFD * SHG HS AOSS RC PEER EMP * TOD * ADTX BDTX CDTX MDTX ODTX MDET * HAEC TAEC HEOH SAE TCC ICO GCO FCO MCO VOC * HAV HBV * SMPD * YAD ADLT * FEM MALE * DU * AH SP FX * F47 * VPPD * CM DVFP EIH MHS SSD TA SPS',
};

describe('mapSamhsaRow', () => {
  it('maps a real listing row onto levels of care, payers, populations and credentials', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    const facility = mapped.facility;
    expect(facility.sourceRef).toBe('samhsa:substance_1');
    expect(facility.latitude).toBe(33.2);
    expect(facility.levelsOfCare.sort()).toEqual(['detox-outpatient', 'intensive-outpatient', 'opioid-treatment-program', 'outpatient']);
    expect(facility.payers.sort()).toEqual(['medicaid', 'medicare', 'payment-assistance', 'private-insurance', 'self-pay', 'sliding-fee']);
    expect(facility.populations).toEqual(
      expect.arrayContaining(['pregnant-postpartum', 'women', 'men', 'young-adults', 'seniors', 'co-occurring', 'criminal-justice', 'veterans', 'lgbtq']),
    );
    expect(facility.gendersAccepted.sort()).toEqual(['female', 'male']);
    expect(facility.ageGroupsAccepted.sort()).toEqual(['adults', 'young-adults']);
    expect(facility.credentials.map((credential) => credential.type).sort()).toEqual(['carf', 'dea', 'samhsa-otp', 'state-licence']);
    expect(facility.credentials.every((credential) => credential.status === 'active' && credential.expiresOn === null)).toBe(true);
  });

  it('maps the same row onto programs without ASAM detail, one per level of care', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    const { programs, levelsOfCare } = mapped.facility;
    expect(programs).toEqual(levelsOfCare.map((levelOfCare) => ({ levelOfCare })));
    expect(programs.every((program) => program.asamEdition === undefined && program.asamLevel === undefined)).toBe(true);
  });

  it('maps medications for opioid use disorder, each once however many codes name it', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    // MU MM DM METH -> methadone; BU BUM DB UB BWN BWON -> buprenorphine; BSDM BERI -> extended-release; NU NXN; VTRL.
    expect(mapped.facility.medications.sort()).toEqual([
      'buprenorphine', 'buprenorphine-extended-release', 'methadone', 'naltrexone-extended-release', 'naltrexone-oral',
    ]);
  });

  it('maps therapies from their locator codes', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    expect(mapped.facility.therapies.sort()).toEqual([
      'anger-management', 'brief-intervention', 'cognitive-behavioral-therapy', 'contingency-management', 'couples-counselling',
      'family-therapy', 'group-counselling', 'individual-counselling', 'matrix-model', 'motivational-interviewing',
      'peer-support', 'relapse-prevention', 'telehealth', 'trauma-counselling', 'twelve-step-facilitation',
    ]);
  });

  it('lists English first for every facility, then the languages the listing names', () => {
    const mapped = mapSamhsaRow(SHELBY, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    // AH sign language, SP Spanish, FX other languages, F47 Korean.
    expect(mapped.facility.languages[0]).toBe('english');
    expect(mapped.facility.languages.sort()).toEqual(['american-sign-language', 'english', 'korean', 'other', 'spanish']);
    const plain = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * OP ORT * MD' }, geocode);
    expect(plain.ok && plain.facility.languages).toEqual(['english']);
  });

  it.each([
    ['MOA', true],
    ['NMOA', false],
    ['', null],
  ])('reads whether medication prescribed elsewhere is continued: %j -> %p', (code, continues) => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: `SA * OP ORT * ${code} * MD` }, geocode);
    expect(mapped.ok && mapped.facility.continuesExternalMedication).toBe(continues);
  });

  it('gives no medication, therapy or continuation when the listing names none', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * RES RL * SF' }, geocode);
    if (!mapped.ok) throw new Error(mapped.reason);
    expect(mapped.facility).toMatchObject({ medications: [], therapies: [], continuesExternalMedication: null, payers: ['self-pay'] });
  });

  it('maps "No payment accepted" (NP) to no-charge', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * OP ORT * NP' }, geocode);
    expect(mapped.ok && mapped.facility.payers).toEqual(['no-charge']);
  });

  it('maps residential and hospital codes', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * RES RL RS RD * HI HID HIT * MD' }, geocode);
    expect(mapped.ok && mapped.facility.levelsOfCare.sort()).toEqual([
      'detox-hospital', 'detox-residential', 'hospital-inpatient', 'residential-long-term', 'residential-short-term',
    ]);
  });

  it('treats a bare "OP" (e.g. office-based buprenorphine) as regular outpatient', () => {
    const mapped = mapSamhsaRow({ ...SHELBY, service_code_info: 'SA * OP OMB * BU * MD' }, geocode);
    expect(mapped.ok && mapped.facility.levelsOfCare).toEqual(['outpatient']);
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
    [{ name1: '' }, 'no facility name'],
    [{ zip: 'ABCDE' }, 'ZIP code "ABCDE" is not five digits'],
    [{ zip: '99999' }, 'ZIP code 99999 is unknown to the geocoder'],
    [{ state: 'Kentucky' }, 'state "Kentucky" is not a two-letter code'],
    [{ service_code_info: 'SA * MD PI' }, 'no level of care in service_code_info'],
  ])('rejects %j with the reason', (change, reason) => {
    expect(mapSamhsaRow({ ...SHELBY, ...change }, geocode)).toEqual({ ok: false, reason });
  });

  it('rejects the label row at the end of the file', () => {
    const labels = { ...SHELBY, facility_id: 'substance_12204', name1: '', name2: 'Substance use treatment', street1: 'Detoxification  ' };
    expect(mapSamhsaRow(labels, geocode)).toEqual({ ok: false, reason: 'no facility name' });
  });
});

describe('parseServiceCodes', () => {
  it('splits groups and codes and ignores the separators', () => {
    expect([...parseServiceCodes('SA DT * OP  OD *  MD')]).toEqual(['SA', 'DT', 'OP', 'OD', 'MD']);
  });
});
