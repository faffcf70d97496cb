/** Plain-language levels of care a planner asks for; SAMHSA locator codes map onto these. */
export const LEVELS_OF_CARE = [
  'detox-hospital',
  'detox-residential',
  'detox-outpatient',
  'hospital-inpatient',
  'residential-short-term',
  'residential-long-term',
  'partial-hospitalization',
  'intensive-outpatient',
  'outpatient',
  'opioid-treatment-program',
] as const;
export type LevelOfCare = (typeof LEVELS_OF_CARE)[number];

/** Withdrawal management ("detox") levels. */
export const DETOX_LEVELS: readonly LevelOfCare[] = ['detox-hospital', 'detox-residential', 'detox-outpatient'];

export const PAYERS = [
  'medicaid',
  'medicare',
  'private-insurance',
  'state-financed',
  'tricare',
  'self-pay',
  'sliding-fee',
  'payment-assistance',
  'scholarship',
  /** The facility charges nothing (SAMHSA "No payment accepted"). */
  'no-charge',
  /** Federal or other government funding for substance-use treatment (SAMHSA FSA): care for people who cannot pay. */
  'government-funding',
  /** SAMHSA funding or block grants (SAMF): the federal safety net for uninsured patients. */
  'block-grant',
  /** Indian Health Service, tribal or urban Indian (ITU) funds. */
  'ihs-tribal-funds',
] as const;
export type Payer = (typeof PAYERS)[number];

/** What a planner may say about the patient's coverage: a kind of insurance, paying themselves, or nothing. */
export const PATIENT_PAYERS = [
  'medicaid',
  'medicare',
  'private-insurance',
  'state-financed',
  'tricare',
  'self-pay',
  /** Eligible for Indian Health Service, tribal or urban Indian care (ITU funds). */
  'ihs-tribal',
  /** Veterans Affairs health care: the directory names VA-run facilities, not who takes VA Community Care. */
  'va',
  'uninsured',
] as const;
export type PatientPayer = (typeof PATIENT_PAYERS)[number];

export const POPULATIONS = [
  'pregnant-postpartum',
  'women',
  'men',
  'adolescents',
  'young-adults',
  'seniors',
  'co-occurring',
  'criminal-justice',
  'veterans',
  'lgbtq',
  /** SUMH: treatment for co-occurring substance use and serious mental illness (or serious emotional disturbance). */
  'co-occurring-serious-mental-illness',
  /** DU: a program designed for DUI/DWI clients. */
  'dui-dwi',
  /** DUO: serves only DUI/DWI clients. */
  'dui-dwi-only',
  'active-duty-military',
  'military-families',
  'hiv-aids',
  'trauma',
  'sexual-abuse',
  'domestic-violence',
  'co-occurring-pain',
] as const;
export type Population = (typeof POPULATIONS)[number];

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_GROUPS = ['children-adolescents', 'young-adults', 'adults', 'seniors'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const CREDENTIAL_TYPES = [
  'state-licence',
  'carf',
  'joint-commission',
  'coa',
  'ncqa',
  'hfap',
  'samhsa-otp',
  'dea',
  /** HLA: licensed by the hospital licensing authority. */
  'hospital-licence',
  /** FQHC: a Federally Qualified Health Center (a HRSA designation, not a licence to treat SUD). */
  'fqhc',
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/**
 * Medications for opioid and alcohol use disorder, each form only as the data states it: `buprenorphine`
 * and `naltrexone` alone mean the form is not stated. Methadone for OUD is dispensed by a certified
 * opioid treatment program (42 CFR 8.12).
 */
export const MEDICATIONS = [
  'methadone',
  'buprenorphine',
  'buprenorphine-sublingual',
  'buprenorphine-extended-release',
  'buprenorphine-implant',
  'naltrexone',
  'naltrexone-oral',
  'naltrexone-extended-release',
  'acamprosate',
  'disulfiram',
] as const;
export type Medication = (typeof MEDICATIONS)[number];

/** The drug a medication is a form of: what "prescribes buprenorphine" or "start naltrexone" speak of. */
export const MEDICATION_DRUGS = ['methadone', 'buprenorphine', 'naltrexone', 'acamprosate', 'disulfiram'] as const;
export type MedicationDrug = (typeof MEDICATION_DRUGS)[number];

export const DRUG_OF_MEDICATION: Readonly<Record<Medication, MedicationDrug>> = {
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  'buprenorphine-sublingual': 'buprenorphine',
  'buprenorphine-extended-release': 'buprenorphine',
  'buprenorphine-implant': 'buprenorphine',
  naltrexone: 'naltrexone',
  'naltrexone-oral': 'naltrexone',
  'naltrexone-extended-release': 'naltrexone',
  acamprosate: 'acamprosate',
  disulfiram: 'disulfiram',
};

/**
 * What a facility says about medication beyond the drugs it uses: whom it prescribes for, whether it
 * takes patients whose medication is prescribed elsewhere, and medication used only for withdrawal.
 */
export const MEDICATION_SERVICES = [
  /** UB */ 'prescribes-buprenorphine',
  /** UN */ 'prescribes-naltrexone',
  /** PMAT: administers or prescribes medication for alcohol use disorder. */ 'prescribes-alcohol-medication',
  /** ACMA: accepts clients on alcohol use disorder medication prescribed elsewhere. */ 'accepts-external-alcohol-medication',
  /** NMOA: does not use medication for opioid use disorder. */ 'no-opioid-medication',
  /** NMAUT: does not use medication for alcohol use disorder. */ 'no-alcohol-medication',
  /** DB: buprenorphine used for withdrawal (detox) only. */ 'buprenorphine-for-withdrawal',
  /** DM: methadone used for withdrawal (detox) only. */ 'methadone-for-withdrawal',
  /** MM */ 'methadone-maintenance',
  /** BUM */ 'buprenorphine-maintenance',
  /** MWS: maintenance, with medically supervised withdrawal after stabilisation. */ 'maintenance-then-withdrawal',
  /** RPN */ 'naltrexone-relapse-prevention',
  /** DLC, LFXD, CLND: lofexidine or clonidine for opioid withdrawal symptoms. */ 'lofexidine-or-clonidine',
  /** OMB: outpatient methadone, buprenorphine or naltrexone treatment. */ 'outpatient-moud',
  /** PAIN: methadone or buprenorphine for pain management or emergency dosing. */ 'pain-or-emergency-dosing',
] as const;
export type MedicationService = (typeof MEDICATION_SERVICES)[number];

/** Medication services as they read in a sentence. */
export const MEDICATION_SERVICE_LABELS: Record<MedicationService, string> = {
  'prescribes-buprenorphine': 'prescribes buprenorphine',
  'prescribes-naltrexone': 'prescribes naltrexone',
  'prescribes-alcohol-medication': 'prescribes medication for alcohol use disorder',
  'accepts-external-alcohol-medication': 'accepts clients on alcohol use disorder medication prescribed elsewhere',
  'no-opioid-medication': 'does not use medication for opioid use disorder',
  'no-alcohol-medication': 'does not use medication for alcohol use disorder',
  'buprenorphine-for-withdrawal': 'buprenorphine for withdrawal only',
  'methadone-for-withdrawal': 'methadone for withdrawal only',
  'methadone-maintenance': 'methadone maintenance',
  'buprenorphine-maintenance': 'buprenorphine maintenance',
  'maintenance-then-withdrawal': 'maintenance, then medically supervised withdrawal after stabilisation',
  'naltrexone-relapse-prevention': 'relapse prevention with naltrexone',
  'lofexidine-or-clonidine': 'lofexidine or clonidine for opioid withdrawal',
  'outpatient-moud': 'outpatient methadone, buprenorphine or naltrexone treatment',
  'pain-or-emergency-dosing': 'methadone or buprenorphine for pain or emergency dosing',
};

/**
 * What a patient needs treatment for. Benzodiazepines and other sedative-hypnotics are `sedatives`;
 * cocaine and methamphetamine are `stimulants`.
 */
export const SUBSTANCES = ['opioids', 'alcohol', 'sedatives', 'stimulants', 'cannabis', 'other'] as const;
export type Substance = (typeof SUBSTANCES)[number];

/** Substances as they read in a sentence ("does not treat alcohol use disorder"). */
export const SUBSTANCE_LABELS: Record<Substance, string> = {
  opioids: 'opioid',
  alcohol: 'alcohol',
  sedatives: 'sedative (benzodiazepine)',
  stimulants: 'stimulant',
  cannabis: 'cannabis',
  other: 'other substance',
};

/** Court orders a placement can carry: DUI/DWI programmes are their own kind in the directory. */
export const COURT_ORDERS = ['dui', 'other'] as const;
export type CourtOrder = (typeof COURT_ORDERS)[number];

/** Who runs the facility (the directory's operator codes). */
export const OPERATORS = [
  'private-non-profit',
  'private-for-profit',
  'federal',
  'state',
  'local',
  'tribal',
  'indian-health-service',
  'veterans-affairs',
  'defense',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_LABELS: Record<Operator, string> = {
  'private-non-profit': 'private non-profit organisation',
  'private-for-profit': 'private for-profit organisation',
  federal: 'federal government',
  state: 'state government',
  local: 'local, county or community government',
  tribal: 'tribal government',
  'indian-health-service': 'Indian Health Service',
  'veterans-affairs': 'U.S. Department of Veterans Affairs',
  defense: 'Department of Defense',
};

/** Recovery supports and family services: what carries a patient past discharge, and what lets a parent come. */
export const SUPPORT_SERVICES = [
  'sober-living',
  'aftercare',
  'self-help-groups',
  'recovery-coach',
  'peer-mentoring',
  'naloxone',
  'residential-beds-for-children',
  'childcare',
  'discharge-planning',
  'outcome-follow-up',
  'housing-services',
  'transportation',
] as const;
export type SupportService = (typeof SUPPORT_SERVICES)[number];

export const SUPPORT_SERVICE_LABELS: Record<SupportService, string> = {
  'sober-living': 'transitional housing, halfway house or sober home',
  aftercare: 'aftercare / continuing care',
  'self-help-groups': 'self-help groups',
  'recovery-coach': 'recovery coach',
  'peer-mentoring': 'mentoring / peer support',
  naloxone: 'naloxone and overdose education',
  'residential-beds-for-children': "residential beds for clients' children",
  childcare: "childcare for clients' children",
  'discharge-planning': 'discharge planning',
  'outcome-follow-up': 'follow-up after discharge',
  'housing-services': 'housing services',
  transportation: 'transportation assistance',
};

export const THERAPIES = [
  'cognitive-behavioral-therapy',
  'dialectical-behavior-therapy',
  'contingency-management',
  'motivational-interviewing',
  'family-therapy',
  'trauma-counselling',
  'relapse-prevention',
  'twelve-step-facilitation',
  'matrix-model',
  'community-reinforcement',
  'individual-counselling',
  'group-counselling',
  'couples-counselling',
  'peer-support',
  'brief-intervention',
  'anger-management',
  'telehealth',
] as const;
export type Therapy = (typeof THERAPIES)[number];

export const LANGUAGES = [
  'english',
  'spanish',
  'american-sign-language',
  'arabic',
  'chinese',
  'haitian-creole',
  'farsi',
  'french',
  'german',
  'greek',
  'hebrew',
  'hindi',
  'hmong',
  'italian',
  'japanese',
  'korean',
  'polish',
  'portuguese',
  'russian',
  'tagalog',
  'vietnamese',
  'ojibwa',
  'yupik',
  'american-indian-alaska-native',
  'other',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** Who a bed is for: a bed fits a patient when its type admits the patient's gender and age. */
export const BED_TYPES = ['general', 'male', 'female', 'adolescent'] as const;
export type BedType = (typeof BED_TYPES)[number];

export const CREDENTIAL_STATUSES = ['active', 'expired', 'revoked', 'suspended'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** Payers as they read in a sentence ("accepts Medicaid"). */
export const PAYER_LABELS: Record<Payer, string> = {
  medicaid: 'Medicaid',
  medicare: 'Medicare',
  'private-insurance': 'private insurance',
  'state-financed': 'state-financed coverage',
  tricare: 'TRICARE',
  'self-pay': 'self-pay',
  'sliding-fee': 'a sliding fee scale',
  'payment-assistance': 'payment assistance',
  scholarship: 'scholarships',
  'no-charge': 'free of charge',
  'government-funding': 'government funding for treatment',
  'block-grant': 'SAMHSA block-grant funding',
  'ihs-tribal-funds': 'IHS, tribal or urban Indian funds',
};

/** Medications as they read in a sentence. */
export const MEDICATION_LABELS: Record<Medication, string> = {
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  'buprenorphine-extended-release': 'extended-release buprenorphine',
  'naltrexone-oral': 'oral naltrexone',
  'naltrexone-extended-release': 'extended-release naltrexone',
  'buprenorphine-sublingual': 'sublingual buprenorphine',
  'buprenorphine-implant': 'buprenorphine implant',
  naltrexone: 'naltrexone',
  acamprosate: 'acamprosate',
  disulfiram: 'disulfiram',
};

/** A facility's medication as the directory states it: the drug alone means its form is not stated. */
export function medicationAsStated(medication: Medication): string {
  return medication === 'buprenorphine' || medication === 'naltrexone'
    ? `${MEDICATION_LABELS[medication]} (form not stated)`
    : MEDICATION_LABELS[medication];
}
