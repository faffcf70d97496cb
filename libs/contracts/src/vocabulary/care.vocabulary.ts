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
] as const;
export type Payer = (typeof PAYERS)[number];

/** What a planner may say about the patient's coverage: a payer, or no insurance at all. */
export const PATIENT_PAYERS = [...PAYERS, 'uninsured'] as const;
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

export const CREDENTIAL_STATUSES = ['active', 'expired', 'revoked', 'suspended'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];
