import type { Language } from '#vocabulary';

/**
 * Where this service's codes live in FHIR. Levels of care, populations, payers and credentials have no
 * standard FHIR value set, so they are published as code systems of our own; the codes are the API's.
 */
export const FHIR_BASE_URL = 'https://sud-referral.example/fhir';

export const CODE_SYSTEM = {
  levelOfCare: `${FHIR_BASE_URL}/CodeSystem/level-of-care`,
  population: `${FHIR_BASE_URL}/CodeSystem/population`,
  payer: `${FHIR_BASE_URL}/CodeSystem/payer`,
  credential: `${FHIR_BASE_URL}/CodeSystem/credential`,
  medication: `${FHIR_BASE_URL}/CodeSystem/medication`,
  therapy: `${FHIR_BASE_URL}/CodeSystem/therapy`,
  gender: 'http://hl7.org/fhir/administrative-gender',
  ageGroup: `${FHIR_BASE_URL}/CodeSystem/age-group`,
  bedType: `${FHIR_BASE_URL}/CodeSystem/bed-type`,
} as const;

export const EXTENSION = {
  bedAvailability: `${FHIR_BASE_URL}/StructureDefinition/bed-availability`,
  credential: `${FHIR_BASE_URL}/StructureDefinition/credential`,
} as const;

/** The identifier system of SAMHSA locator rows (sourceRef `samhsa:substance_123`). */
export const SAMHSA_IDENTIFIER_SYSTEM = 'https://findtreatment.gov/locator';

export const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0';

/**
 * FHIR binds languages to BCP-47 tags. Collective ISO 639 codes stand in for the directory's grouped
 * entries (Yupik, American Indian or Alaska Native); "other" is "mis", an uncoded language.
 */
export const LANGUAGE_TAGS: Readonly<Record<Language, string>> = {
  english: 'en',
  spanish: 'es',
  'american-sign-language': 'ase',
  arabic: 'ar',
  chinese: 'zh',
  'haitian-creole': 'ht',
  farsi: 'fa',
  french: 'fr',
  german: 'de',
  greek: 'el',
  hebrew: 'he',
  hindi: 'hi',
  hmong: 'hmn',
  italian: 'it',
  japanese: 'ja',
  korean: 'ko',
  polish: 'pl',
  portuguese: 'pt',
  russian: 'ru',
  tagalog: 'tl',
  vietnamese: 'vi',
  ojibwa: 'oj',
  yupik: 'ypk',
  'american-indian-alaska-native': 'nai',
  other: 'mis',
};

export const BCP_47 = 'urn:ietf:bcp:47';
