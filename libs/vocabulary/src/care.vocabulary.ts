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
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** Medications for opioid use disorder. Methadone is dispensed only by a certified opioid treatment program. */
export const MEDICATIONS = [
  'methadone',
  'buprenorphine',
  'buprenorphine-extended-release',
  'naltrexone-oral',
  'naltrexone-extended-release',
] as const;
export type Medication = (typeof MEDICATIONS)[number];

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
};

/** Medications as they read in a sentence. */
export const MEDICATION_LABELS: Record<Medication, string> = {
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  'buprenorphine-extended-release': 'extended-release buprenorphine',
  'naltrexone-oral': 'oral naltrexone',
  'naltrexone-extended-release': 'extended-release naltrexone',
};
