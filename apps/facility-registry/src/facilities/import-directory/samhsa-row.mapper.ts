import type { AgeGroup, CredentialType, Gender, LevelOfCare, Payer, Population } from '#contracts';
import type { Credential } from '#matching';

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
  readonly levelsOfCare: LevelOfCare[];
  readonly payers: Payer[];
  readonly populations: Population[];
  readonly gendersAccepted: Gender[];
  readonly ageGroupsAccepted: AgeGroup[];
  readonly credentials: Credential[];
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
      levelsOfCare,
      payers: pick(codes, PAYER_CODES),
      populations: pick(codes, POPULATION_CODES),
      gendersAccepted: pick(codes, GENDER_CODES),
      ageGroupsAccepted: pick(codes, AGE_CODES),
      // The directory states no expiry; a listed credential counts as active until someone says otherwise.
      credentials: pick(codes, CREDENTIAL_CODES).map((type) => ({ type, status: 'active' as const, expiresOn: null })),
    },
  };
}
