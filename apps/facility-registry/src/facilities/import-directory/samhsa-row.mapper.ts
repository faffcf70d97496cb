import type {
  AgeGroup,
  CredentialType,
  CredentialValue,
  Gender,
  Language,
  LevelOfCare,
  Medication,
  MedicationService,
  Operator,
  Payer,
  Population,
  ProgramValue,
  Substance,
  SupportService,
  Therapy,
} from '#contracts';

/** One row of SAMHSA's locator listing, columns as in the file's header. */
export interface SamhsaRow {
  readonly facility_id: string;
  /** "substance" on every row of this file, even the empty ones at its end. */
  readonly directory_type?: string;
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
  /** Medications used in treatment, each form only as the directory states it. */
  readonly medications: Medication[];
  readonly continuesExternalMedication: boolean | null;
  readonly medicationServices: MedicationService[];
  readonly substancesNotTreated: Substance[];
  readonly servesOnlyClientsWith: Substance[];
  readonly withdrawalManaged: Substance[];
  readonly operators: Operator[];
  readonly supportServices: SupportService[];
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

// ---------------------------------------------------------------------------------------------------
// Locator code -> our vocabulary, one table per code family. The trailing comment of each entry is the
// code's label in apps/facility-registry/data/samhsa/service_codes.csv. Every code of that dictionary
// is either in one of these tables or in IGNORED_CODES with the reason (samhsa-code-coverage.spec.ts).
// ---------------------------------------------------------------------------------------------------

/** Levels of care stated by their own code. */
export const LEVEL_CODES: Readonly<Record<string, LevelOfCare>> = {
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

/**
 * Parent codes: the setting (or detox) without its sub-type. Each stands for a level only when none of
 * its sub-types is listed; otherwise the sub-types say it all.
 * - DT alone names no setting: it is the detox of each setting the row lists (HI, RES, OP).
 * - RES alone: long-term residential, the level whose ASAM range (3.1–3.5) covers any residential
 *   treatment; the length of stay is not stated. RD is one of its sub-types: a residential detox
 *   lists RES for it and is not thereby a residential treatment program.
 * - HI alone: hospital inpatient treatment.
 * - OP alone (e.g. office-based buprenorphine, OMB): regular outpatient, as before.
 */
export const PARENT_LEVEL_CODES: Readonly<
  Record<string, { readonly subTypes: readonly string[]; readonly level: LevelOfCare | 'detox-of-each-setting' }>
> = {
  DT: { subTypes: ['HID', 'RD', 'OD'], level: 'detox-of-each-setting' }, // Detoxification
  RES: { subTypes: ['RS', 'RL', 'RD'], level: 'residential-long-term' }, // Residential/24-hour residential
  HI: { subTypes: ['HID', 'HIT'], level: 'hospital-inpatient' }, // Hospital inpatient/24-hour hospital inpatient
  OP: { subTypes: ['ORT', 'OIT', 'ODT', 'OD'], level: 'outpatient' }, // Outpatient
};

/** The detox level of each setting, for a bare DT. */
const DETOX_OF_SETTING: Readonly<Record<string, LevelOfCare>> = { HI: 'detox-hospital', RES: 'detox-residential', OP: 'detox-outpatient' };

/** Substances the facility states it does not treat. */
export const SUBSTANCE_NOT_TREATED_CODES: Readonly<Record<string, Substance>> = {
  NAUT: 'alcohol', // Does not treat alcohol use disorder
  NOOP: 'opioids', // Does not treat opioid use disorders
};

/** The facility serves only clients with this use disorder. */
export const SERVES_ONLY_CODES: Readonly<Record<string, Substance>> = {
  OUDO: 'opioids', // Opioid use disorder clients only
  AUDO: 'alcohol', // Alcohol use disorder clients only
};

/** Withdrawal the facility manages. Cocaine and methamphetamine are both stimulants. */
export const WITHDRAWAL_CODES: Readonly<Record<string, Substance>> = {
  ADTX: 'alcohol', // Alcohol Detoxification
  BDTX: 'sedatives', // Benzodiazepines Detoxification
  ODTX: 'opioids', // Opioids detoxification
  CDTX: 'stimulants', // Cocaine Detoxification
  MDTX: 'stimulants', // Methamphetamines detoxification
};

/**
 * Medications used in treatment, each form only as the code states it: BU and NU name the drug, not
 * the form. DB and DM (used for detox only) are not here: they are medication services.
 */
export const MEDICATION_CODES: Readonly<Record<string, Medication>> = {
  MU: 'methadone', // Methadone used in Treatment
  METH: 'methadone', // Methadone
  MM: 'methadone', // Methadone maintenance
  BU: 'buprenorphine', // Buprenorphine used in Treatment
  BUM: 'buprenorphine', // Buprenorphine maintenance
  BWN: 'buprenorphine-sublingual', // Buprenorphine with naloxone
  BWON: 'buprenorphine-sublingual', // Buprenorphine without naloxone
  BERI: 'buprenorphine-extended-release', // Buprenorphine (extended-release, injectable)
  BSDM: 'buprenorphine-implant', // Buprenorphine sub-dermal implant
  NU: 'naltrexone', // Naltrexone used in Treatment
  NXN: 'naltrexone-oral', // Naltrexone (oral)
  VTRL: 'naltrexone-extended-release', // Naltrexone (extended-release, injectable)
  ACM: 'acamprosate', // Acamprosate (Campral) – the dictionary lost the ® after Campral
  DSF: 'disulfiram', // Disulfiram
};

/** Whom the facility prescribes for, medication used for withdrawal only, and stated refusals. */
export const MEDICATION_SERVICE_CODES: Readonly<Record<string, MedicationService>> = {
  UB: 'prescribes-buprenorphine', // Prescribes buprenorphine
  UN: 'prescribes-naltrexone', // Prescribes naltrexone
  PMAT: 'prescribes-alcohol-medication', // This facility administers/prescribes medication for alcohol use disorder
  // Accepts clients using medication assisted treatment for alcohol use disorder but prescribed elsewhere
  ACMA: 'accepts-external-alcohol-medication',
  NMOA: 'no-opioid-medication', // Does not use MAT for opioid use disorders
  NMAUT: 'no-alcohol-medication', // Does not use medication assisted treatment for alcohol use disorder
  DB: 'buprenorphine-for-withdrawal', // Buprenorphine detoxification
  DM: 'methadone-for-withdrawal', // Methadone detoxification
  MM: 'methadone-maintenance', // Methadone maintenance
  BUM: 'buprenorphine-maintenance', // Buprenorphine maintenance
  MWS: 'maintenance-then-withdrawal', // Maintenance service with medically supervised withdrawal after stabilization
  RPN: 'naltrexone-relapse-prevention', // Relapse prevention with naltrexone
  DLC: 'lofexidine-or-clonidine', // Lofexidine or Clonidine detoxification
  LFXD: 'lofexidine-or-clonidine', // Lofexidine
  CLND: 'lofexidine-or-clonidine', // Clonidine
  OMB: 'outpatient-moud', // Outpatient methadone/buprenorphine or naltrexone treatment
  PAIN: 'pain-or-emergency-dosing', // Use methadone/buprenorphine for pain management or emergency dosing
};

/** Whether medication for opioid use disorder prescribed elsewhere is continued; neither code: unknown; MOA wins over NMOA. */
export const EXTERNAL_MEDICATION_CODES: Readonly<Record<string, boolean>> = {
  MOA: true, // Accepts clients using MAT but prescribed elsewhere
  NMOA: false, // Does not use MAT for opioid use disorders
};

export const PAYER_CODES: Readonly<Record<string, Payer>> = {
  MD: 'medicaid', // Medicaid
  MC: 'medicare', // Medicare
  PI: 'private-insurance', // Private health insurance
  SI: 'state-financed', // State-financed health insurance plan other than Medicaid
  MI: 'tricare', // Federal military insurance (e.g., TRICARE)
  SF: 'self-pay', // Cash or self-payment
  SS: 'sliding-fee', // Sliding fee scale (fee is based on income and other factors)
  PA: 'payment-assistance', // Payment assistance (check with facility for details)
  NP: 'no-charge', // No payment accepted
  FSA: 'government-funding', // Federal, or any government funding for substance use treatment programs
  SAMF: 'block-grant', // SAMHSA funding/block grants
  ITU: 'ihs-tribal-funds', // IHS/Tribal/Urban (ITU) funds
};

export const OPERATOR_CODES: Readonly<Record<string, Operator>> = {
  PVTN: 'private-non-profit', // Private non-profit organization
  PVTP: 'private-for-profit', // Private for-profit organization
  FED: 'federal', // Federal Government
  STG: 'state', // State government
  LCCG: 'local', // Local, county, or community government
  TBG: 'tribal', // Tribal government
  IH: 'indian-health-service', // Indian Health Services
  VAMC: 'veterans-affairs', // U.S. Department of Veterans Affairs
  DDF: 'defense', // Department of Defense
};

/**
 * Licences, certifications and accreditations. Only state-licence and hospital-licence are licences:
 * a DEA registration, SAMHSA's OTP certification or an FQHC designation is not a licence to treat.
 */
export const CREDENTIAL_CODES: Readonly<Record<string, CredentialType>> = {
  STAG: 'state-licence', // State Substance use treatment agency
  STDH: 'state-licence', // State department of health
  STMH: 'state-licence', // State mental health department
  HLA: 'hospital-licence', // Hospital licensing authority
  FQHC: 'fqhc', // Federally Qualified Health Center
  CARF: 'carf', // Commission on Accreditation of Rehabilitation Facilities (CARF)
  JC: 'joint-commission', // The Joint Commission
  COA: 'coa', // Council on Accreditation (COA)
  NCQA: 'ncqa', // National Committee for Quality Assurance (NCQA)
  HFAP: 'hfap', // Healthcare Facilities Accreditation Program (HFAP)
  SOTP: 'samhsa-otp', // SAMHSA certification for opioid treatment program (OTP)
  DEA: 'dea', // Drug Enforcement Agency (DEA)
};

export const POPULATION_CODES: Readonly<Record<string, Population>> = {
  PW: 'pregnant-postpartum', // Pregnant/postpartum women
  WN: 'women', // Adult women
  MN: 'men', // Adult men
  AD: 'adolescents', // Adolescents
  TAY: 'young-adults', // Young adults
  SE: 'seniors', // Seniors or older adults
  CO: 'co-occurring', // Clients with co-occurring mental and substance use disorders
  // Treatment for co-occurring substance use plus either serious mental health illness in adults/serious emotional disturbance in children
  SUMH: 'co-occurring-serious-mental-illness',
  CJ: 'criminal-justice', // Criminal justice (other than DUI/DWI)/Forensic clients
  DU: 'dui-dwi', // Specially designed program for DUI/DWI clients
  DUO: 'dui-dwi-only', // Serves only DUI/DWI clients
  VET: 'veterans', // Veterans
  ADM: 'active-duty-military', // Active duty military
  MF: 'military-families', // Members of military families
  GL: 'lgbtq', // Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ)
  HV: 'hiv-aids', // Clients with HIV or AIDS
  TRMA: 'trauma', // Clients who have experienced trauma
  XA: 'sexual-abuse', // Clients who have experienced sexual abuse
  DV: 'domestic-violence', // Clients who have experienced intimate partner violence, domestic violence
  COPSU: 'co-occurring-pain', // Clients with co-occurring pain and substance use disorders
};

/** Recovery supports and family services: what carries a patient past discharge, and what lets a parent come. */
export const SUPPORT_SERVICE_CODES: Readonly<Record<string, SupportService>> = {
  HH: 'sober-living', // Transitional housing, halfway house, or sober home
  ACC: 'aftercare', // Aftercare/continuing care
  SHG: 'self-help-groups', // Self-help groups
  RC: 'recovery-coach', // Recovery coach
  PEER: 'peer-mentoring', // Mentoring/peer support
  NOE: 'naloxone', // Naloxone and overdose education
  BC: 'residential-beds-for-children', // Residential beds for clients' children
  CCC: 'childcare', // Child care for clients' children
  DP: 'discharge-planning', // Discharge Planning
  OFD: 'outcome-follow-up', // Outcome follow-up after discharge
  HS: 'housing-services', // Housing services
  TA: 'transportation', // Transportation assistance
};

export const THERAPY_CODES: Readonly<Record<string, Therapy>> = {
  CBT: 'cognitive-behavioral-therapy', // Cognitive behavioral therapy
  CMI: 'contingency-management', // Contingency management/motivational incentives
  MOTI: 'motivational-interviewing', // Motivational interviewing
  FCO: 'family-therapy', // Family counseling
  TRC: 'trauma-counselling', // Trauma-related counseling
  RELP: 'relapse-prevention', // Relapse prevention
  TWFA: 'twelve-step-facilitation', // 12-step facilitation
  MXM: 'matrix-model', // Matrix Model
  CRV: 'community-reinforcement', // Community reinforcement plus vouchers
  ICO: 'individual-counselling', // Individual counseling
  GCO: 'group-counselling', // Group counseling
  MCO: 'couples-counselling', // Marital/couples counseling
  PEER: 'peer-support', // Mentoring/peer support (also a support service)
  BIA: 'brief-intervention', // Brief intervention
  ANG: 'anger-management', // Anger management
  TELE: 'telehealth', // Telemedicine/telehealth therapy
};

export const LANGUAGE_CODES: Readonly<Record<string, Language>> = {
  SP: 'spanish', // Spanish
  AH: 'american-sign-language', // Sign language services for the deaf and hard of hearing
  F4: 'arabic', // Arabic
  F17: 'chinese', // Any Chinese Language
  F19: 'haitian-creole', // Creole
  F25: 'farsi', // Farsi
  F28: 'french', // French
  F30: 'german', // German
  F31: 'greek', // Greek
  F35: 'hebrew', // Hebrew
  F36: 'hindi', // Hindi
  F37: 'hmong', // Hmong
  F42: 'italian', // Italian
  F43: 'japanese', // Japanese
  F47: 'korean', // Korean
  F66: 'polish', // Polish
  F67: 'portuguese', // Portuguese
  F70: 'russian', // Russian
  F81: 'tagalog', // Tagalog
  F92: 'vietnamese', // Vietnamese
  N24: 'ojibwa', // Ojibwa
  N40: 'yupik', // Yupik
  NX: 'american-indian-alaska-native', // American Indian or Alaska Native languages
  FX: 'other', // Other languages (excluding Spanish)
};

export const GENDER_CODES: Readonly<Record<string, Gender>> = {
  FEM: 'female', // Female
  MALE: 'male', // Male
};

export const AGE_CODES: Readonly<Record<string, AgeGroup>> = {
  CHLD: 'children-adolescents', // Children/Adolescents
  YAD: 'young-adults', // Young Adults
  ADLT: 'adults', // Adults
  SNR: 'seniors', // Seniors
};

/** Codes of the dictionary the model deliberately leaves out, each with why. */
export const IGNORED_CODES: Readonly<Record<string, string>> = {
  SA: 'the directory type itself, on every substance-use row', // Substance use treatment
  TGD: 'not substance use; a row with only this is rejected', // Treatment for gambling disorder
  TOD: 'names neither a substance nor a service to match on', // Treatment for other addiction disorder
  GH: 'the kind of building; HI, HID and HIT say what care it gives', // General Hospital (including VA hospital)
  PSYH: 'the kind of building; the level codes say what substance-use care it gives', // Psychiatric hospital
  // Medication routinely used during detoxification
  MDET: 'names no drug; the withdrawal codes (ADTX, ODTX, …) say which withdrawal is managed',
  MMD: 'co-occurring care is matched on CO and SUMH', // Medication for mental disorders
  MHS: 'co-occurring care is matched on CO and SUMH', // Mental health services
  INPE: 'MOUD prescriber arrangement: how prescribing is arranged, not whether medication is offered', // In-network prescribing entity
  RPE: 'how prescribing is arranged, not whether medication is offered', // Other contracted prescribing entity
  PC: 'how prescribing is arranged, not whether medication is offered', // No formal relationship with prescribing entity
  // In-network prescribing entity
  AUINPE: 'alcohol-medication prescriber arrangement: how, not whether; PMAT, ACMA and NMAUT say what is offered',
  // Other contracted prescribing entity
  AURPE: 'alcohol-medication prescriber arrangement: how, not whether; PMAT, ACMA and NMAUT say what is offered',
  // No formal relationship with prescribing entity
  AUPC: 'alcohol-medication prescriber arrangement: how, not whether; PMAT, ACMA and NMAUT say what is offered',
  MHIV: 'medical care beside SUD treatment, not a placement criterion', // Medications for HIV treatment
  MHCV: 'medical care beside SUD treatment, not a placement criterion', // Medications for Hepatitis C treatment
  MPEP: 'medical care beside SUD treatment, not a placement criterion', // Medications for pre-exposure to prophylaxis
  NRT: 'tobacco is not among the substances a referral names', // Nicotine replacement
  NSC: 'tobacco is not among the substances a referral names', // Non-nicotine smoking/tobacco cessation
  TCC: 'tobacco is not among the substances a referral names', // Smoking/vaping/tobacco cessation counseling
  STU: 'a screening at intake, not a placement criterion', // Screening for tobacco use
  SSA: 'a screening at intake, not a placement criterion', // Screening for substance use
  SMHD: 'a screening at intake, not a placement criterion', // Screening for mental disorders
  CSAA: 'an assessment at intake, not a placement criterion', // Comprehensive substance use assessment
  CMHA: 'an assessment at intake, not a placement criterion', // Comprehensive mental health assessment
  MHPA: 'an assessment at intake, not a placement criterion', // Complete medical history/physical exam
  BABA: 'monitoring during treatment, not a placement criterion', // Breathalyzer or blood alcohol testing
  DAOF: 'monitoring during treatment, not a placement criterion', // Drug and alcohol oral fluid testing
  DAUT: 'monitoring during treatment, not a placement criterion', // Drug or alcohol urine screening
  HIVT: 'medical care beside SUD treatment, not a placement criterion', // HIV testing
  STDT: 'medical care beside SUD treatment, not a placement criterion', // STD testing
  TBS: 'medical care beside SUD treatment, not a placement criterion', // TB screening
  HBT: 'medical care beside SUD treatment, not a placement criterion', // Testing for Hepatitis B (HBV)
  HCT: 'medical care beside SUD treatment, not a placement criterion', // Testing for Hepatitis C (HCV)
  HAV: 'medical care beside SUD treatment, not a placement criterion', // Hepatitis A (HAV) vaccination
  HBV: 'medical care beside SUD treatment, not a placement criterion', // Hepatitis B (HBV) vaccination
  MST: 'medical care beside SUD treatment, not a placement criterion', // Metabolic syndrome monitoring
  EIH: 'medical care beside SUD treatment, not a placement criterion', // Early intervention for HIV
  IPC: 'medical care beside SUD treatment, not a placement criterion', // Integrated primary care services
  HAEC: 'education during treatment; clients with HIV are the population HV', // HIV or AIDS education, counseling, or support
  TAEC: 'education during treatment, not a placement criterion', // Hepatitis education, counseling, or support
  HEOH: 'education during treatment, not a placement criterion', // Health education services other than HIV/AIDS or hepatitis
  SAE: 'part of every program, not a placement criterion', // Substance use disorder education
  SACA: 'part of every program; the therapy codes name the kinds of counselling', // Substance use disorder counseling
  ACU: 'an adjunct therapy with no term in the model', // Acupuncture
  CM: 'offered by nearly every program, not a placement criterion', // Case management service
  AOSS: 'help during treatment, not one of the support services tracked', // Assistance with obtaining social services
  SSD: 'part of treatment, not a placement criterion', // Social skills development
  EMP: 'help during treatment, not a placement criterion', // Employment counseling or training
  // Vocational training or educational support (for example, high school coursework, GED preparation, etc.)
  VOC: 'help during treatment, not a placement criterion',
  DVFP: 'a service during treatment; survivors as clients are the population DV', // Domestic violence services, including family or partner
  SPS: 'part of clinical care, not a placement criterion', // Suicide prevention services
  ISC: 'care while waiting for admission; waits are on the bed board', // Interim services for clients
  OPC: 'not a service to a referred patient', // Outreach to persons in the community
  PIEC: 'not a service to a referred patient', // Professional interventionist/educational consultant
  SMON: 'a house rule, not a placement criterion', // Smoking not permitted
  SMOP: 'a house rule, not a placement criterion', // Smoking permitted without restriction
  SMPD: 'a house rule, not a placement criterion', // Smoking permitted in designated area
  VAPN: 'a house rule, not a placement criterion', // Vaping not permitted
  VAPP: 'a house rule, not a placement criterion', // Vaping permitted without restriction
  VPPD: 'a house rule, not a placement criterion', // Vaping permitted in designated area
};

/** Every mapped family, for the coverage test and for readers: family name -> its table. */
export const MAPPED_CODE_TABLES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  levels: LEVEL_CODES,
  parentLevels: PARENT_LEVEL_CODES,
  substancesNotTreated: SUBSTANCE_NOT_TREATED_CODES,
  servesOnlyClientsWith: SERVES_ONLY_CODES,
  withdrawalManaged: WITHDRAWAL_CODES,
  medications: MEDICATION_CODES,
  medicationServices: MEDICATION_SERVICE_CODES,
  continuesExternalMedication: EXTERNAL_MEDICATION_CODES,
  payers: PAYER_CODES,
  operators: OPERATOR_CODES,
  credentials: CREDENTIAL_CODES,
  populations: POPULATION_CODES,
  supportServices: SUPPORT_SERVICE_CODES,
  therapies: THERAPY_CODES,
  languages: LANGUAGE_CODES,
  genders: GENDER_CODES,
  ageGroups: AGE_CODES,
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

/** The levels of care a row states: the sub-type codes, then the parent codes listed without a sub-type. */
export function levelsOfCareOf(codes: ReadonlySet<string>): LevelOfCare[] {
  const levels = new Set<LevelOfCare>(pick(codes, LEVEL_CODES));
  for (const [code, parent] of Object.entries(PARENT_LEVEL_CODES)) {
    if (!codes.has(code) || parent.subTypes.some((subType) => codes.has(subType))) continue;
    if (parent.level !== 'detox-of-each-setting') {
      levels.add(parent.level);
      continue;
    }
    for (const [setting, detox] of Object.entries(DETOX_OF_SETTING)) if (codes.has(setting)) levels.add(detox);
  }
  return [...levels];
}

const hasText = (value: string | undefined): boolean => (value ?? '').trim() !== '';

/** Why a row that is not a facility is rejected, in words. */
function rejection(row: SamhsaRow, codes: ReadonlySet<string>): string {
  if (!hasText(row.name1)) {
    const { facility_id: _id, directory_type: _type, ...fields } = row;
    return Object.values(fields).some((value) => hasText(value))
      ? 'no facility name: the row holds labels or codes, not a facility'
      : 'empty row: only an id, no facility';
  }
  return codes.has('TGD')
    ? 'no substance-use level of care: the row lists gambling-disorder treatment only'
    : 'no substance-use level of care in the listing';
}

/** Maps one listing row onto the facility model, or says why the row cannot be used. */
export function mapSamhsaRow(row: SamhsaRow, geocode: Geocoder): MappedRow {
  if (!hasText(row.facility_id)) return { ok: false, reason: 'no facility id' };
  const codes = parseServiceCodes(row.service_code_info ?? '');
  const name = row.name1?.trim();
  if (!name) return { ok: false, reason: rejection(row, codes) };
  const levelsOfCare = levelsOfCareOf(codes);
  if (levelsOfCare.length === 0) return { ok: false, reason: rejection(row, codes) };
  // The source lost leading zeros (New England, New Jersey, Puerto Rico): "1007" is ZIP 01007.
  const rawZip = row.zip?.trim().slice(0, 5) ?? '';
  const zip = /^\d{3,4}$/.test(rawZip) ? rawZip.padStart(5, '0') : rawZip;
  if (!/^\d{5}$/.test(zip)) return { ok: false, reason: `ZIP code "${row.zip ?? ''}" is not five digits` };
  if (!/^[A-Z]{2}$/.test(row.state?.trim() ?? '')) return { ok: false, reason: `state "${row.state ?? ''}" is not a two-letter code` };
  const location = geocode(zip);
  if (!location) return { ok: false, reason: `ZIP code ${zip} is unknown to the geocoder` };
  const program = row.name2?.trim();
  const continues = pick(codes, EXTERNAL_MEDICATION_CODES);
  return {
    ok: true,
    facility: {
      sourceRef: `samhsa:${row.facility_id.trim()}`,
      name: program ? `${name} – ${program}` : name,
      street: [row.street1, row.street2]
        .map((part) => part?.trim())
        .filter(Boolean)
        .join(', '),
      city: row.city?.trim() ?? '',
      state: row.state.trim(),
      zip,
      phone: row.phone?.trim() ?? '',
      latitude: location.latitude,
      longitude: location.longitude,
      programs: levelsOfCare.map((levelOfCare) => ({ levelOfCare })),
      levelsOfCare,
      medications: pick(codes, MEDICATION_CODES),
      // MOA says yes, NMOA no; neither: unknown. The 11 rows with both continue MOUD prescribed elsewhere
      // without prescribing it themselves: MOA wins, and NMOA stays among the medication services.
      continuesExternalMedication: continues.includes(true) ? true : continues.includes(false) ? false : null,
      medicationServices: pick(codes, MEDICATION_SERVICE_CODES),
      substancesNotTreated: pick(codes, SUBSTANCE_NOT_TREATED_CODES),
      servesOnlyClientsWith: pick(codes, SERVES_ONLY_CODES),
      withdrawalManaged: pick(codes, WITHDRAWAL_CODES),
      operators: pick(codes, OPERATOR_CODES),
      supportServices: pick(codes, SUPPORT_SERVICE_CODES),
      therapies: pick(codes, THERAPY_CODES),
      // The listing names only languages other than English; every listed facility serves in English.
      languages: ['english', ...pick(codes, LANGUAGE_CODES)],
      payers: pick(codes, PAYER_CODES),
      populations: pick(codes, POPULATION_CODES),
      gendersAccepted: pick(codes, GENDER_CODES),
      ageGroupsAccepted: pick(codes, AGE_CODES),
      // The directory states no expiry; a listed credential counts as active until someone says otherwise.
      credentials: pick(codes, CREDENTIAL_CODES).map((type) => ({
        type,
        status: 'active' as const,
        expiresOn: null,
        identifier: null,
        issuer: null,
      })),
    },
  };
}
