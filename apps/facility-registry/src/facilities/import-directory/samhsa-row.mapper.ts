import type {
  AgeGroup,
  CredentialType,
  CredentialValue,
  Gender,
  Language,
  LevelOfCare,
  Medication,
  Payer,
  Population,
  ProgramValue,
  Therapy,
} from '#contracts';

/** One row of SAMHSA's locator listing, columns as in the file's header. */
export interface SamhsaRow {
  readonly facility_id: string;
  readonly name1: string;
  readonly name2: string;
  readonly street1: string;
  readonly street2: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly phone: string;
  readonly service_code_info: string;
}

export interface DirectoryFacility {
  readonly sourceRef: string;
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly phone: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly programs: ProgramValue[];
  readonly levelsOfCare: LevelOfCare[];
  readonly medications: Medication[];
  readonly continuesExternalMedication: boolean | null;
  readonly therapies: Therapy[];
  readonly languages: Language[];
  readonly payers: Payer[];
  readonly populations: Population[];
  readonly gendersAccepted: Gender[];
  readonly ageGroupsAccepted: AgeGroup[];
  readonly credentials: CredentialValue[];
}

export type Geocoder = (zip: string) => { latitude: number; longitude: number } | undefined;

export type MappedRow = { ok: true; facility: DirectoryFacility } | { ok: false; reason: string };

// Locator code -> our vocabulary. Labels from service_codes.csv are in the trailing comments.
const LEVEL_CODES: Readonly<Record<string, LevelOfCare>> = {
  HID: 'detox-hospital', // Hospital inpatient detoxification
  RD: 'detox-residential', // Residential detoxification
  OD: 'detox-outpatient', // Outpatient detoxification
  HIT: 'hospital-inpatient', // Hospital inpatient treatment
  RS: 'residential-short-term', // Short-term residential
  RL: 'residential-long-term', // Long-term residential
  ODT: 'partial-hospitalization', // Outpatient day treatment or partial hospitalization
  OIT: 'intensive-outpatient', // Intensive outpatient treatment
  ORT: 'outpatient', // Regular outpatient treatment
  OTP: 'opioid-treatment-program', // Federally-certified Opioid Treatment Program
};

const PAYER_CODES: Readonly<Record<string, Payer>> = {
  MD: 'medicaid',
  MC: 'medicare',
  PI: 'private-insurance',
  SI: 'state-financed', // State-financed health insurance plan other than Medicaid
  MI: 'tricare', // Federal military insurance (e.g., TRICARE)
  SF: 'self-pay', // Cash or self-payment
  SS: 'sliding-fee',
  PA: 'payment-assistance',
  NP: 'no-charge', // No payment accepted
};

const MEDICATION_CODES: Readonly<Record<string, Medication>> = {
  MU: 'methadone', // Methadone used in Treatment
  METH: 'methadone',
  MM: 'methadone', // Methadone maintenance
  DM: 'methadone', // Methadone detoxification
  BU: 'buprenorphine', // Buprenorphine used in Treatment
  BWN: 'buprenorphine', // with naloxone
  BWON: 'buprenorphine', // without naloxone
  BUM: 'buprenorphine', // Buprenorphine maintenance
  DB: 'buprenorphine', // Buprenorphine detoxification
  UB: 'buprenorphine', // Prescribes buprenorphine
  BERI: 'buprenorphine-extended-release', // extended-release, injectable
  BSDM: 'buprenorphine-extended-release', // sub-dermal implant
  NXN: 'naltrexone-oral',
  NU: 'naltrexone-oral', // Naltrexone used in Treatment (form not stated)
  VTRL: 'naltrexone-extended-release', // extended-release, injectable
};

const THERAPY_CODES: Readonly<Record<string, Therapy>> = {
  CBT: 'cognitive-behavioral-therapy',
  CMI: 'contingency-management', // Contingency management/motivational incentives
  MOTI: 'motivational-interviewing',
  FCO: 'family-therapy', // Family counseling
  TRC: 'trauma-counselling', // Trauma-related counseling
  RELP: 'relapse-prevention',
  TWFA: 'twelve-step-facilitation',
  MXM: 'matrix-model',
  CRV: 'community-reinforcement', // Community reinforcement plus vouchers
  ICO: 'individual-counselling',
  GCO: 'group-counselling',
  MCO: 'couples-counselling', // Marital/couples counseling
  PEER: 'peer-support', // Mentoring/peer support
  BIA: 'brief-intervention',
  ANG: 'anger-management',
  TELE: 'telehealth', // Telemedicine/telehealth therapy
};

const LANGUAGE_CODES: Readonly<Record<string, Language>> = {
  SP: 'spanish',
  AH: 'american-sign-language', // Sign language services for the deaf and hard of hearing
  F4: 'arabic',
  F17: 'chinese',
  F19: 'haitian-creole',
  F25: 'farsi',
  F28: 'french',
  F30: 'german',
  F31: 'greek',
  F35: 'hebrew',
  F36: 'hindi',
  F37: 'hmong',
  F42: 'italian',
  F43: 'japanese',
  F47: 'korean',
  F66: 'polish',
  F67: 'portuguese',
  F70: 'russian',
  F81: 'tagalog',
  F92: 'vietnamese',
  N24: 'ojibwa',
  N40: 'yupik',
  NX: 'american-indian-alaska-native',
  FX: 'other', // Other languages (excluding Spanish)
};

const POPULATION_CODES: Readonly<Record<string, Population>> = {
  PW: 'pregnant-postpartum',
  WN: 'women', // Adult women
  MN: 'men', // Adult men
  AD: 'adolescents',
  TAY: 'young-adults', // special program for young adults
  SE: 'seniors', // Seniors or older adults (special program)
  CO: 'co-occurring',
  CJ: 'criminal-justice', // Criminal justice (other than DUI/DWI)/Forensic clients
  VET: 'veterans',
  GL: 'lgbtq',
};

const GENDER_CODES: Readonly<Record<string, Gender>> = { FEM: 'female', MALE: 'male' };

const AGE_CODES: Readonly<Record<string, AgeGroup>> = {
  CHLD: 'children-adolescents',
  YAD: 'young-adults',
  ADLT: 'adults',
  SNR: 'seniors',
};

const CREDENTIAL_CODES: Readonly<Record<string, CredentialType>> = {
  STAG: 'state-licence', // licensed by the State substance use treatment agency
  STDH: 'state-licence', // ... the State department of health
  STMH: 'state-licence', // ... the State mental health department
  CARF: 'carf',
  JC: 'joint-commission',
  COA: 'coa',
  NCQA: 'ncqa',
  HFAP: 'hfap',
  SOTP: 'samhsa-otp',
  DEA: 'dea',
};

function pick<T>(codes: ReadonlySet<string>, table: Readonly<Record<string, T>>): T[] {
  const found = new Set<T>();
  for (const code of codes) {
    const value = table[code];
    if (value !== undefined) found.add(value);
  }
  return [...found];
}

/** The code string is groups separated by " * ", codes by spaces; no code appears in two groups. */
export function parseServiceCodes(info: string): Set<string> {
  return new Set(info.split(/[\s*]+/).filter((code) => /^[A-Z][A-Z0-9]*$/.test(code)));
}

/** Maps one listing row onto the facility model, or says why the row cannot be used. */
export function mapSamhsaRow(row: SamhsaRow, geocode: Geocoder): MappedRow {
  const name = row.name1?.trim();
  if (!row.facility_id?.trim()) return { ok: false, reason: 'no facility_id' };
  if (!name) return { ok: false, reason: 'no facility name' };
  // The source lost leading zeros (New England, New Jersey, Puerto Rico): "1007" is ZIP 01007.
  const rawZip = row.zip?.trim().slice(0, 5) ?? '';
  const zip = /^\d{3,4}$/.test(rawZip) ? rawZip.padStart(5, '0') : rawZip;
  if (!/^\d{5}$/.test(zip)) return { ok: false, reason: `ZIP code "${row.zip ?? ''}" is not five digits` };
  if (!/^[A-Z]{2}$/.test(row.state?.trim() ?? '')) return { ok: false, reason: `state "${row.state ?? ''}" is not a two-letter code` };
  const location = geocode(zip);
  if (!location) return { ok: false, reason: `ZIP code ${zip} is unknown to the geocoder` };
  const codes = parseServiceCodes(row.service_code_info ?? '');
  const levelsOfCare = pick(codes, LEVEL_CODES);
  // "OP" (Outpatient) with no finer outpatient code, e.g. office-based buprenorphine: regular outpatient.
  if (codes.has('OP') && !['ORT', 'OIT', 'ODT', 'OD'].some((code) => codes.has(code))) levelsOfCare.push('outpatient');
  if (levelsOfCare.length === 0) return { ok: false, reason: 'no level of care in service_code_info' };
  const program = row.name2?.trim();
  return {
    ok: true,
    facility: {
      sourceRef: `samhsa:${row.facility_id.trim()}`,
      name: program ? `${name} – ${program}` : name,
      street: [row.street1, row.street2].map((part) => part?.trim()).filter(Boolean).join(', '),
      city: row.city?.trim() ?? '',
      state: row.state.trim(),
      zip,
      phone: row.phone?.trim() ?? '',
      latitude: location.latitude,
      longitude: location.longitude,
      programs: levelsOfCare.map((levelOfCare) => ({ levelOfCare })),
      levelsOfCare,
      medications: pick(codes, MEDICATION_CODES),
      // MOA: accepts clients on medication prescribed elsewhere; NMOA: does not use medication for OUD.
      continuesExternalMedication: codes.has('MOA') ? true : codes.has('NMOA') ? false : null,
      therapies: pick(codes, THERAPY_CODES),
      // The listing names only languages other than English; every listed facility serves in English.
      languages: ['english', ...pick(codes, LANGUAGE_CODES)],
      payers: pick(codes, PAYER_CODES),
      populations: pick(codes, POPULATION_CODES),
      gendersAccepted: pick(codes, GENDER_CODES),
      ageGroupsAccepted: pick(codes, AGE_CODES),
      // The directory states no expiry; a listed credential counts as active until someone says otherwise.
      credentials: pick(codes, CREDENTIAL_CODES).map((type) => ({ type, status: 'active' as const, expiresOn: null, identifier: null, issuer: null })),
    },
  };
}
