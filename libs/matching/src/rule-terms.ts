import type { AgeBand, AgeGroup, BedType, CredentialType, LevelOfCare, Medication, Operator, Payer, Substance } from '#contracts';
import { DETOX_LEVELS, DRUG_OF_MEDICATION, SUBSTANCE_LABELS } from '#vocabulary';
import type { Credential } from './facility-snapshot.js';
import type { MatchRequest, PatientNeeds } from './match-request.js';

// The terms the hard rules are stated in, shared by the reference rules (reference-rules.ts), the fast
// engine (hard-rules.ts) and the words (match-explanations.ts): which bed fits a patient, when a count is
// stale or a credential valid, what counts as a licence, as MOUD, as a detox level.

export const HOUR_MS = 3_600_000;

/**
 * Whether a bed of this type may go to the patient: general beds to anyone, male and female beds to
 * adults of that gender, adolescent beds to under-18s (adolescents are treated apart from adults:
 * SAMHSA TIP 32, Treatment of Adolescents With Substance Use Disorders).
 */
export function bedTypeFits(bedType: BedType, needs: Pick<PatientNeeds, 'gender' | 'ageBand'>): boolean {
  switch (bedType) {
    case 'general':
      return true;
    case 'adolescent':
      return needs.ageBand === 'under-18';
    case 'male':
    case 'female':
      return needs.ageBand !== 'under-18' && needs.gender === bedType;
  }
}

/** Whether a bed line was confirmed more than `staleAfterHours` before `asOf`; an unreadable time counts as stale. */
export function isBedCountStale(confirmedAt: string, asOf: Date, staleAfterHours: number): boolean {
  const ageMs = asOf.getTime() - Date.parse(confirmedAt);
  return !(ageMs <= staleAfterHours * HOUR_MS);
}

/** The age groups of a patient in this age band (young adults and seniors are adults too). */
export function ageGroupsFor(ageBand: AgeBand): AgeGroup[] {
  switch (ageBand) {
    case 'under-18':
      return ['children-adolescents'];
    case '18-25':
      return ['young-adults', 'adults'];
    case '26-64':
      return ['adults'];
    case '65-and-over':
      return ['seniors', 'adults'];
  }
}

/** The day (YYYY-MM-DD) credentials expire against. */
export const dayOf = (asOf: Date): string => asOf.toISOString().slice(0, 10);

export function isCredentialValid(credential: Credential, asOf: Date): boolean {
  if (credential.status !== 'active') return false;
  if (!credential.expiresOn) return true;
  // A credential counts through the whole of its expiry day, and stops counting the day after.
  return credential.expiresOn >= dayOf(asOf);
}

/**
 * Whether the credential is vouched for by someone other than the facility: an admin verified it, or
 * SAMHSA's directory lists it. One the facility entered or changed itself (`unverified`) is its word only.
 */
export const isCredentialTrusted = (credential: Credential): boolean => credential.verification !== 'unverified';

/**
 * Licences to operate: a state licence, or the hospital licensing authority's. A DEA registration, a
 * SAMHSA OTP certification, an FQHC designation and accreditations are not licences.
 */
export const LICENCE_TYPES: readonly CredentialType[] = ['state-licence', 'hospital-licence'];

/** Credentials that are accreditations by an independent body, not a licence or a registration. */
export const ACCREDITATIONS: readonly CredentialType[] = ['carf', 'joint-commission', 'coa', 'ncqa', 'hfap'];

export const CREDENTIAL_LABELS: Readonly<Record<CredentialType, string>> = {
  'state-licence': 'state licence',
  'hospital-licence': 'hospital licence',
  carf: 'CARF',
  'joint-commission': 'Joint Commission',
  coa: 'COA',
  ncqa: 'NCQA',
  hfap: 'HFAP',
  'samhsa-otp': 'SAMHSA OTP certification',
  dea: 'DEA registration',
  fqhc: 'FQHC designation',
};

/**
 * What an uninsured patient can use: a sliding fee, payment assistance, scholarships, free care, and
 * public funding for people who cannot pay. Not self-pay (cash), not state-financed (an insurance plan).
 */
export const UNINSURED_OPTIONS: readonly Payer[] = [
  'sliding-fee',
  'payment-assistance',
  'scholarship',
  'no-charge',
  'government-funding',
  'block-grant',
];

/** Operators whose facilities take IHS, tribal or urban Indian patients. */
export const IHS_TRIBAL_OPERATORS: readonly Operator[] = ['indian-health-service', 'tribal'];

export const OPIOID_TREATMENT_PROGRAM: LevelOfCare = 'opioid-treatment-program';
/** Hospital levels, where methadone may be given to a patient admitted for care (21 CFR 1306.07(c)). */
export const HOSPITAL_LEVELS: readonly LevelOfCare[] = ['detox-hospital', 'hospital-inpatient'];
/** Substances whose withdrawal the directory codes (ADTX, BDTX, ODTX, CDTX/MDTX); cannabis and other have none. */
export const WITHDRAWAL_SUBSTANCES: readonly Substance[] = ['alcohol', 'sedatives', 'opioids', 'stimulants'];

export const isDetoxLevel = (level: LevelOfCare): boolean => DETOX_LEVELS.includes(level);

/** The levels that serve the patient, best first; the requested level alone unless the request lists more. */
export function acceptableLevelsOf(request: MatchRequest): readonly LevelOfCare[] {
  return request.acceptableLevels?.length ? request.acceptableLevels : [request.levelOfCare];
}

/**
 * Whether a medication is for opioid use disorder (MOUD): methadone, any buprenorphine, or naltrexone
 * when the patient needs treatment for opioids. Otherwise (acamprosate, disulfiram, naltrexone for
 * alcohol) it is a medication for alcohol use disorder.
 */
export function isMoud(medication: Medication, substances: readonly Substance[]): boolean {
  const drug = DRUG_OF_MEDICATION[medication];
  if (drug === 'methadone' || drug === 'buprenorphine') return true;
  return drug === 'naltrexone' && substances.includes('opioids');
}

/**
 * Whether a facility listing `listed` may give a patient `wanted`: the same drug, and a form that does
 * not contradict (either side names only the drug, or both name the same form).
 */
export function isCompatibleForm(wanted: Medication, listed: Medication): boolean {
  const drug = DRUG_OF_MEDICATION[wanted];
  return DRUG_OF_MEDICATION[listed] === drug && (wanted === drug || listed === drug || wanted === listed);
}

/** Every medication a facility may list that is compatible with `wanted` (isCompatibleForm). */
export function compatibleForms(wanted: Medication): Medication[] {
  return (Object.keys(DRUG_OF_MEDICATION) as Medication[]).filter((listed) => isCompatibleForm(wanted, listed));
}

/** A medication as the data states it: buprenorphine or naltrexone alone say that the form is not stated. */

/** "alcohol", "alcohol or opioid", "alcohol and opioid" … as they read in a sentence. */
export function substanceWords(substances: readonly Substance[], conjunction: 'and' | 'or'): string {
  return listWords(
    substances.map((substance) => SUBSTANCE_LABELS[substance]),
    conjunction,
  );
}

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)!}`;
}

/** The values of a list, each once, in the order first seen. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

export function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
