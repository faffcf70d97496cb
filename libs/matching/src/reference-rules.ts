import type { BedType, LevelOfCare, Medication, Substance } from '#contracts';
import {
  AGE_BAND_LABELS,
  DRUG_OF_MEDICATION,
  MEDICATION_LABELS,
  PAYER_LABELS,
  SUPPORT_SERVICE_LABELS,
  type ExclusionRule,
  medicationAsStated,
} from '#vocabulary';
import type { Credential, FacilitySnapshot } from './facility-snapshot.js';
import { distanceMiles } from './geo-distance.js';
import type { MatchRequest } from './match-request.js';
import {
  acceptableLevelsOf,
  ACCREDITATIONS,
  ageGroupsFor,
  bedTypeFits,
  CREDENTIAL_LABELS,
  distinct,
  HOSPITAL_LEVELS,
  isBedCountStale,
  isCompatibleForm,
  isCredentialTrusted,
  isCredentialValid,
  isDetoxLevel,
  isMoud,
  LICENCE_TYPES,
  listWords,
  OPIOID_TREATMENT_PROGRAM,
  round,
  substanceWords,
  UNINSURED_OPTIONS,
  WITHDRAWAL_SUBSTANCES,
} from './rule-terms.js';

// The hard rules, stated plainly: one small function per rule over the facility as the registry
// describes it (FacilitySnapshot) and the request, each with the words a planner reads. This is where
// to read what the matcher does. The search itself runs a compiled version of the same rules
// (hard-rules.ts, over bit masks); a property test (reference-rules.property.spec.ts) checks that the
// two give the same verdict and the same first failing rule on random facilities and referrals, and the
// matcher's words (match-explanations.ts) come from here.

/** What one rule says of one facility: it passes (with what to tell the planner, if anything), or why not. */
export type RuleCheck =
  { readonly passes: true; readonly reasons: readonly string[] } | { readonly passes: false; readonly detail: string };

/** A pass with nothing to tell the planner: one shared value, as most rules pass silently for most patients. */
const PASSED: RuleCheck = Object.freeze({ passes: true, reasons: Object.freeze([]) as readonly string[] });
const pass = (...reasons: string[]): RuleCheck => (reasons.length === 0 ? PASSED : { passes: true, reasons });
const fail = (detail: string): RuleCheck => ({ passes: false, detail });

// ---------------------------------------------------------------------------------------------------
// Where the facility is and what it offers now: inactive, distance, level-of-care, no-bed, stale-count.

/** inactive: a facility that is not active takes no one. */
export function activeRule(facility: FacilitySnapshot): RuleCheck {
  return facility.active ? pass() : fail('facility is not active');
}

/** distance: within the planner's limit, measured from the patient's location. */
export function distanceRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const miles = distanceMiles(request.origin, facility);
  if (miles > request.maxDistanceMiles) return fail(`${round(miles, 1)} mi away, beyond ${request.maxDistanceMiles} mi`);
  return pass(distanceWords(miles));
}

/** How far, as a planner reads it: to 0.1 mi. */
export const distanceWords = (miles: number): string => `${round(miles, 1)} mi away`;

/** level-of-care: the facility offers one of the levels that serve the patient. */
export function levelOfCareRule(facility: FacilitySnapshot, levels: readonly LevelOfCare[]): RuleCheck {
  return levels.some((level) => facility.levelsOfCare.includes(level)) ? pass() : fail(`does not offer ${levels.join(' or ')}`);
}

/** The beds that count at the level a facility fits at. */
export interface BedsFound {
  readonly levelOfCare: LevelOfCare;
  readonly available: number;
  readonly staffed: number;
  /** The latest confirmation of the lines counted, in ms since the epoch. */
  readonly confirmedAtMs: number;
  /** The types of the lines counted, in BED_TYPE_ORDER. */
  readonly types: readonly BedType[];
}

export type BedsCheck =
  | { readonly passes: true; readonly beds: BedsFound }
  | { readonly passes: false; readonly rule: 'level-of-care' | 'no-bed' | 'stale-count'; readonly detail: string };

/**
 * no-bed, stale-count: at the first level (best first) the facility offers with a free bed for this
 * patient, counting only lines whose bed type fits the patient and that were confirmed recently enough.
 * When no level has one, the miss at the first level offered is reported.
 */
export function bedsRule(facility: FacilitySnapshot, request: MatchRequest, levels: readonly LevelOfCare[]): BedsCheck {
  let firstMiss: BedsCheck | undefined;
  for (const level of levels) {
    if (!facility.levelsOfCare.includes(level)) continue;
    const check = bedsAtLevel(facility, request, level);
    if (check.passes) return check;
    firstMiss ??= check;
  }
  return firstMiss ?? { passes: false, rule: 'level-of-care', detail: `does not offer ${levels.join(' or ')}` };
}

function bedsAtLevel(facility: FacilitySnapshot, request: MatchRequest, level: LevelOfCare): BedsCheck {
  const { needs } = request;
  const lines = facility.beds.filter((line) => line.levelOfCare === level);
  const fitting = lines.filter((line) => bedTypeFits(line.bedType, needs));
  if (fitting.length === 0) {
    const detail =
      lines.length === 0
        ? `no bed count for ${level}`
        : `no ${level} bed for a ${needs.gender} patient aged ${AGE_BAND_LABELS[needs.ageBand]}`;
    return { passes: false, rule: 'no-bed', detail };
  }
  const fresh = fitting.filter((line) => !isBedCountStale(line.confirmedAt, request.asOf, request.staleAfterHours));
  if (fresh.length === 0) {
    return { passes: false, rule: 'stale-count', detail: `${level} bed count not confirmed in the last ${request.staleAfterHours} h` };
  }
  const types = BED_TYPE_ORDER.filter((type) => fresh.some((line) => line.bedType === type));
  const available = fresh.reduce((sum, line) => sum + line.available, 0);
  if (available < 1) return { passes: false, rule: 'no-bed', detail: `no bed free in ${level}${bedTypeNote(types)}` };
  return {
    passes: true,
    beds: {
      levelOfCare: level,
      available,
      staffed: fresh.reduce((sum, line) => sum + line.staffed, 0),
      confirmedAtMs: Math.max(...fresh.map((line) => Date.parse(line.confirmedAt))),
      types,
    },
  };
}

/** The order bed types are named in. */
export const BED_TYPE_ORDER: readonly BedType[] = ['general', 'male', 'female', 'adolescent'];

/** "" for general beds only, otherwise e.g. " (general and male beds)". */
export function bedTypeNote(types: readonly BedType[]): string {
  if (types.length === 1 && types[0] === 'general') return '';
  return ` (${types.join(' and ')} beds)`;
}

/** What a planner reads about the beds found. */
export function bedsReasons(beds: Pick<BedsFound, 'levelOfCare' | 'available' | 'staffed' | 'types'>, request: MatchRequest): string[] {
  const reasons = [`${beds.available} of ${beds.staffed} ${beds.levelOfCare} beds free${bedTypeNote(beds.types)}`];
  if (beds.levelOfCare !== request.levelOfCare) reasons.push(`a more intensive level than ${request.levelOfCare}, as allowed`);
  return reasons;
}

// ---------------------------------------------------------------------------------------------------
// Payment and credentials: payer, credential, accreditation.

/**
 * payer: the facility takes the patient's coverage. A facility listing no payer at all is kept: the
 * directory has no payment information for it, which is not a refusal.
 */
export function payerRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const { payer } = request;
  const { payers, operators } = facility;
  if (payer === 'va') {
    // The directory names the facilities the VA runs; whether one takes VA Community Care is not on file.
    if (operators.includes('veterans-affairs')) return pass('run by the U.S. Department of Veterans Affairs');
    return pass("VA coverage not on file: VA Community Care needs the VA's authorisation");
  }
  if (payer === 'ihs-tribal') {
    if (payers.includes('ihs-tribal-funds')) return pass(`accepts ${PAYER_LABELS['ihs-tribal-funds']}`);
    if (operators.includes('indian-health-service')) return pass('run by the Indian Health Service');
    if (operators.includes('tribal')) return pass('run by a tribal government');
  }
  if (payers.length === 0) return pass('payment information not on file');
  if (payer === 'ihs-tribal') return fail(`does not accept ${PAYER_LABELS['ihs-tribal-funds']}`);
  if (payer === 'uninsured') {
    const options = UNINSURED_OPTIONS.filter((option) => payers.includes(option));
    if (options.length === 0) return fail('no option for uninsured patients');
    return pass(`uninsured patients: ${options.map((option) => PAYER_LABELS[option]).join(', ')}`);
  }
  return payers.includes(payer) ? pass(`accepts ${PAYER_LABELS[payer]}`) : fail(`does not accept ${PAYER_LABELS[payer]}`);
}

/** The facility's licences: state licences and hospital licences (not DEA, OTP certification, FQHC or accreditations). */
export const licencesOf = (facility: FacilitySnapshot): Credential[] =>
  facility.credentials.filter((credential) => LICENCE_TYPES.includes(credential.type));

/** What a planner reads of a facility whose only valid licence it entered itself. */
export const LICENCE_NOT_YET_VERIFIED = 'licence entered by the facility, not yet verified';

/**
 * credential: a licence on file must be valid (active, not past its expiry). A licence counts as on
 * file only when someone other than the facility vouches for it: an admin verified it, or SAMHSA's
 * directory lists it (isCredentialTrusted). SAMHSA lists only facilities its state agencies approve,
 * so a facility with no licence on file is kept, and so is one whose only valid licence it entered
 * itself (not yet verified); both rank below those with a licence on file (see licenceOnFile).
 */
export function credentialRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const licences = licencesOf(facility);
  if (licences.length === 0) return pass("listed in SAMHSA's directory; licence not on file");
  const valid = licences.filter((licence) => isCredentialValid(licence, request.asOf));
  // A licence the facility itself says is revoked, suspended or expired excludes it, as one on file does:
  // excluding on the facility's own word is safe.
  if (valid.length === 0) return fail(distinct(licences.map(whyNotValid)).join('; '));
  const vouched = valid.filter(isCredentialTrusted);
  if (vouched.length === 0) return pass(LICENCE_NOT_YET_VERIFIED);
  return pass(`valid ${listWords(distinct(vouched.map((licence) => CREDENTIAL_LABELS[licence.type])), 'and')}`);
}

function whyNotValid(licence: Credential): string {
  const name = CREDENTIAL_LABELS[licence.type];
  const byFacility = isCredentialTrusted(licence) ? '' : ', as entered by the facility';
  // An active licence is invalid only past its expiry date.
  if (licence.status === 'active' || (licence.status === 'expired' && licence.expiresOn))
    return `${name} expired on ${licence.expiresOn}${byFacility}`;
  return `${name} ${licence.status}${byFacility}`;
}

/**
 * accreditation: when the planner requires one, a valid CARF, Joint Commission, COA, NCQA or HFAP
 * accreditation that an admin verified or SAMHSA's directory lists; one the facility entered itself
 * does not count until an admin verifies it, and the planner is told so.
 */
export function accreditationRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const valid = facility.credentials.filter(
    (credential) => ACCREDITATIONS.includes(credential.type) && isCredentialValid(credential, request.asOf),
  );
  const vouched = valid.filter(isCredentialTrusted);
  if (vouched.length > 0)
    return pass(`accredited by ${listWords(distinct(vouched.map((credential) => CREDENTIAL_LABELS[credential.type])), 'and')}`);
  if (valid.length > 0) {
    const names = listWords(distinct(valid.map((credential) => CREDENTIAL_LABELS[credential.type])), 'and');
    const words = `${names} accreditation entered by the facility, not yet verified`;
    return request.requireAccreditation ? fail(words) : pass(words);
  }
  return request.requireAccreditation ? fail('no valid accreditation (CARF, Joint Commission, COA, NCQA or HFAP)') : pass();
}

// ---------------------------------------------------------------------------------------------------
// Who the facility serves: gender, age, pregnancy, co-occurring, court-ordered, substance.

/** gender: a facility listing genders takes only those; one listing none takes any. */
export function genderRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const { gender } = request.needs;
  if (facility.gendersAccepted.length === 0 || facility.gendersAccepted.includes(gender)) return pass();
  return fail(`does not accept ${gender} patients`);
}

/**
 * age: a facility listing age groups takes only those (young adults and seniors are adults too).
 * Source: adolescents are treated in programmes designed for them (SAMHSA TIP 32, Treatment of Adolescents With SUD).
 */
export function ageRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const { ageBand } = request.needs;
  const groups = ageGroupsFor(ageBand);
  if (facility.ageGroupsAccepted.length === 0 || groups.some((group) => facility.ageGroupsAccepted.includes(group))) return pass();
  return fail(`does not accept patients aged ${AGE_BAND_LABELS[ageBand]}`);
}

/**
 * pregnancy: a pregnant patient needs a programme for pregnant or postpartum women.
 * Source: SAMHSA 2018 Clinical Guidance for Treating Pregnant and Parenting Women With Opioid Use Disorder; SAMHSA TIP 51.
 */
export function pregnancyRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  if (!request.needs.pregnant) return pass();
  return facility.populations.includes('pregnant-postpartum')
    ? pass('serves pregnant or postpartum women')
    : fail('no program for pregnant or postpartum women');
}

/**
 * co-occurring: a patient with a mental illness needs a programme for co-occurring disorders (CO) or
 * for co-occurring serious mental illness (SUMH).
 * Source: SAMHSA TIP 42, Substance Use Treatment for Persons With Co-Occurring Disorders.
 */
export function coOccurringRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  if (!request.needs.coOccurringMentalIllness) return pass();
  if (facility.populations.includes('co-occurring')) return pass('serves co-occurring mental illness');
  if (facility.populations.includes('co-occurring-serious-mental-illness')) return pass('treats co-occurring serious mental illness');
  return fail('no program for co-occurring mental illness');
}

/**
 * court-ordered: a DUI/DWI order needs a DUI/DWI programme (DU or DUO), any other order a
 * criminal-justice programme (CJ); a programme serving only DUI/DWI clients takes no one else.
 */
export function courtOrderRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const order = request.needs.courtOrder ?? null;
  const { populations } = facility;
  if (order !== 'dui' && populations.includes('dui-dwi-only')) return fail('serves only DUI/DWI clients');
  if (order === 'dui') {
    return populations.includes('dui-dwi') || populations.includes('dui-dwi-only')
      ? pass('serves DUI/DWI clients')
      : fail('no program for DUI/DWI clients');
  }
  if (order === 'other') {
    return populations.includes('criminal-justice')
      ? pass('serves criminal-justice clients')
      : fail('no program for criminal-justice clients');
  }
  return pass();
}

/**
 * substance: the facility treats every substance the patient needs treatment for (NAUT, NOOP say it
 * does not), and a facility serving only clients with one use disorder (OUDO, AUDO) needs a patient with it.
 */
export function substanceRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const substances = distinct(request.needs.substances);
  const notTreated = substances.filter((substance) => facility.substancesNotTreated.includes(substance));
  if (notTreated.length > 0) return fail(`does not treat ${substanceWords(notTreated, 'or')} use disorder`);
  const only = facility.servesOnlyClientsWith;
  if (only.length > 0 && !substances.some((substance) => only.includes(substance))) {
    return fail(`serves only clients with ${substanceWords(only, 'or')} use disorder`);
  }
  return pass();
}

// ---------------------------------------------------------------------------------------------------
// Clinical care: withdrawal, medication, start-medication.

/**
 * withdrawal: a withdrawal management (detox) referral needs a facility that manages withdrawal from
 * each substance named that has a withdrawal code (alcohol, sedatives, opioids, stimulants). A detox
 * listing no withdrawal type at all is kept, and the planner is told to confirm.
 * Source: ASAM Clinical Practice Guideline on Alcohol Withdrawal Management (2020): alcohol and
 * sedative withdrawal can be fatal and need management fit for it.
 */
export function withdrawalRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  if (!isDetoxLevel(request.levelOfCare)) return pass();
  const checked = distinct(request.needs.substances).filter((substance) => WITHDRAWAL_SUBSTANCES.includes(substance));
  if (checked.length === 0) return pass();
  if (facility.withdrawalManaged.length === 0) {
    return pass(`withdrawal types not on file: confirm it manages ${substanceWords(checked, 'and')} withdrawal`);
  }
  const missing = checked.filter((substance) => !facility.withdrawalManaged.includes(substance));
  if (missing.length > 0) return fail(`does not manage ${substanceWords(missing, 'or')} withdrawal`);
  return pass(`manages ${substanceWords(checked, 'and')} withdrawal`);
}

/** The medications a facility lists that can give the patient `wanted` (same drug, no contradicting form). */
const formsListed = (facility: FacilitySnapshot, wanted: Medication): Medication[] =>
  facility.medications.filter((listed) => isCompatibleForm(wanted, listed));

/** Why a facility refuses a class of medication outright (NMOA, NOOP, NMAUT), if it does. */
function refusal(facility: FacilitySnapshot, medication: Medication, substances: readonly Substance[]): string | undefined {
  if (isMoud(medication, substances)) {
    if (facility.medicationServices.includes('no-opioid-medication')) return 'does not use medication for opioid use disorder';
    if (facility.substancesNotTreated.includes('opioids')) return 'does not treat opioid use disorder';
    return undefined;
  }
  return facility.medicationServices.includes('no-alcohol-medication') ? 'does not use medication for alcohol use disorder' : undefined;
}

/**
 * medication: the patient keeps taking a medication they are on. Methadone for opioid use disorder is
 * dispensed by an opioid treatment program (42 CFR 8.12) or given in a hospital (21 CFR 1306.07(c));
 * elsewhere it continues only where the facility accepts clients on medication prescribed elsewhere
 * (MOA), dosing staying with the patient's OTP. Other MOUD: a compatible form listed, or MOA. Alcohol
 * medication: a compatible form listed, or ACMA. Medication used only for withdrawal (DB, DM) is not
 * maintenance and counts for nothing here.
 * Source: SAMHSA TIP 63, Medications for Opioid Use Disorder (2021): continuing MOUD through treatment.
 */
export function medicationRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const { medication, substances } = request.needs;
  if (!medication) return pass();
  const refused = refusal(facility, medication, substances);
  if (refused) return fail(refused);
  const label = MEDICATION_LABELS[medication];
  const listed = formsListed(facility, medication);
  if (medication === 'methadone') {
    if (listed.length > 0 && facility.levelsOfCare.includes(OPIOID_TREATMENT_PROGRAM))
      return pass('continues methadone at its opioid treatment program');
    if (listed.length > 0 && HOSPITAL_LEVELS.some((level) => facility.levelsOfCare.includes(level)))
      return pass('continues methadone in hospital care');
    if (facility.continuesExternalMedication === true) {
      return pass("accepts methadone prescribed elsewhere: dosing stays with the patient's opioid treatment program");
    }
    return fail(
      'does not continue methadone: no opioid treatment program or hospital care listing it, ' +
        'and no clients on medication prescribed elsewhere',
    );
  }
  if (listed.length > 0) return pass(`provides ${listed.map(medicationAsStated).join(', ')}`);
  const acceptsExternal = isMoud(medication, substances)
    ? facility.continuesExternalMedication === true
    : facility.medicationServices.includes('accepts-external-alcohol-medication');
  return acceptsExternal ? pass(`continues ${label} prescribed elsewhere`) : fail(`does not continue ${label}`);
}

/**
 * start-medication: the patient is to start a medication. Methadone: only an opioid treatment program
 * listing it (42 CFR 8.12). Buprenorphine: a prescriber (UB) or an OTP listing it. Naltrexone: a
 * prescriber (UN), an OTP listing it, or, for alcohol, a facility prescribing alcohol medication (PMAT)
 * that lists it. A specific form needs that form (or the drug alone) listed. Acamprosate, disulfiram:
 * listed. Never where the facility refuses that class of medication.
 * Sources: SAMHSA TIP 63 (2021) for buprenorphine and naltrexone induction; SAMHSA/NIAAA, Medication for
 * the Treatment of Alcohol Use Disorder: A Brief Guide (2015) for acamprosate, disulfiram and naltrexone.
 */
export function startMedicationRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const { startMedication: start, substances } = request.needs;
  if (!start) return pass();
  const refused = refusal(facility, start, substances);
  if (refused) return fail(refused);
  const drug = DRUG_OF_MEDICATION[start];
  const label = MEDICATION_LABELS[start];
  const listed = formsListed(facility, start);
  const forms = listed.map(medicationAsStated).join(', ');
  const otp = facility.levelsOfCare.includes(OPIOID_TREATMENT_PROGRAM);
  /** The patient asks for a specific form, which the facility must list. */
  const formStated = start !== drug;
  const services = facility.medicationServices;
  switch (drug) {
    case 'methadone':
      if (otp && listed.length > 0) return pass('starts methadone at its opioid treatment program');
      return fail('methadone is started only at an opioid treatment program listing it');
    case 'buprenorphine':
      if (services.includes('prescribes-buprenorphine') && (!formStated || listed.length > 0)) {
        return pass(formStated ? `prescribes buprenorphine; lists ${forms}` : 'prescribes buprenorphine');
      }
      if (otp && listed.length > 0) return pass(`starts ${forms} at its opioid treatment program`);
      return fail(`does not start ${label}`);
    case 'naltrexone':
      if (services.includes('prescribes-naltrexone') && (!formStated || listed.length > 0)) {
        return pass(formStated ? `prescribes naltrexone; lists ${forms}` : 'prescribes naltrexone');
      }
      if (otp && listed.length > 0) return pass(`starts ${forms} at its opioid treatment program`);
      if (!substances.includes('opioids') && services.includes('prescribes-alcohol-medication') && listed.length > 0) {
        return pass(`prescribes alcohol use disorder medication; lists ${forms}`);
      }
      return fail(`does not start ${label}`);
    case 'acamprosate':
    case 'disulfiram':
      return listed.length > 0 ? pass(`provides ${label}`) : fail(`does not provide ${label}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Family and communication: parenting, language.

/**
 * parenting: children who come along need residential beds for clients' children (BC); a parent who
 * needs childcare to attend needs childcare (CCC).
 * Source: SAMHSA TIP 51, Addressing the Specific Needs of Women: family services keep mothers in treatment.
 */
export function parentingRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const { bedsForChildren, childcare } = request.needs;
  const reasons: string[] = [];
  if (bedsForChildren) {
    if (!facility.supportServices.includes('residential-beds-for-children')) return fail("no residential beds for clients' children");
    reasons.push(`offers ${SUPPORT_SERVICE_LABELS['residential-beds-for-children']}`);
  }
  if (childcare) {
    if (!facility.supportServices.includes('childcare')) return fail("no childcare for clients' children");
    reasons.push(`offers ${SUPPORT_SERVICE_LABELS.childcare}`);
  }
  return pass(...reasons);
}

/** language: care in the patient's language; English is offered everywhere. */
export function languageRule(facility: FacilitySnapshot, request: MatchRequest): RuleCheck {
  const { language } = request.needs;
  if (!language || language === 'english') return pass();
  return facility.languages.includes(language) ? pass(`care in ${language}`) : fail(`no care in ${language}`);
}

/** A rule judged once the facility is within reach with a bed: what it offers against what the patient needs. */
export type NeedRule = (facility: FacilitySnapshot, request: MatchRequest) => RuleCheck;

/** The rules after the bed rules, in EXCLUSION_RULES order. */
export const NEED_RULES: readonly (readonly [ExclusionRule, NeedRule])[] = [
  ['payer', payerRule],
  ['credential', credentialRule],
  ['accreditation', accreditationRule],
  ['gender', genderRule],
  ['age', ageRule],
  ['pregnancy', pregnancyRule],
  ['co-occurring', coOccurringRule],
  ['court-ordered', courtOrderRule],
  ['substance', substanceRule],
  ['withdrawal', withdrawalRule],
  ['medication', medicationRule],
  ['start-medication', startMedicationRule],
  ['parenting', parentingRule],
  ['language', languageRule],
];

/**
 * When a rule that passes may have something to tell the planner: the others pass silently for this
 * request, so a match's words need not ask them (the property spec checks the words are the same).
 */
const SPEAKS_FOR: Readonly<Record<ExclusionRule, (request: MatchRequest) => boolean>> = {
  inactive: () => false,
  distance: () => true,
  'level-of-care': () => false,
  'no-bed': () => true,
  'stale-count': () => true,
  payer: () => true,
  credential: () => true,
  accreditation: () => true,
  gender: () => false,
  age: () => false,
  pregnancy: (request) => request.needs.pregnant,
  'co-occurring': (request) => request.needs.coOccurringMentalIllness,
  'court-ordered': (request) => (request.needs.courtOrder ?? null) !== null,
  substance: () => false,
  withdrawal: (request) => isDetoxLevel(request.levelOfCare),
  medication: (request) => Boolean(request.needs.medication),
  'start-medication': (request) => Boolean(request.needs.startMedication),
  parenting: (request) => Boolean(request.needs.bedsForChildren || request.needs.childcare),
  language: (request) => Boolean(request.needs.language) && request.needs.language !== 'english',
};

/** The need rules whose words a match for `request` can carry, in NEED_RULES order. */
export function needRulesSpeakingFor(request: MatchRequest): readonly (readonly [ExclusionRule, NeedRule])[] {
  return NEED_RULES.filter(([rule]) => SPEAKS_FOR[rule](request));
}

// ---------------------------------------------------------------------------------------------------
// The whole verdict, and the ranking tiers.

export type ReferenceVerdict =
  | ({ readonly fits: true; readonly reasons: readonly string[] } & BedsFound)
  | { readonly fits: false; readonly rule: ExclusionRule; readonly detail: string };

/**
 * Applies every hard rule, in EXCLUSION_RULES order, and reports the first one the facility fails, or
 * the level it fits at with the beds there and every rule's reasons. `levels` are the levels tried,
 * best first (the request's acceptable levels unless given).
 */
export function referenceEvaluate(
  request: MatchRequest,
  facility: FacilitySnapshot,
  levels: readonly LevelOfCare[] = acceptableLevelsOf(request),
): ReferenceVerdict {
  const active = activeRule(facility);
  if (!active.passes) return { fits: false, rule: 'inactive', detail: active.detail };
  const distance = distanceRule(facility, request);
  if (!distance.passes) return { fits: false, rule: 'distance', detail: distance.detail };
  const level = levelOfCareRule(facility, levels);
  if (!level.passes) return { fits: false, rule: 'level-of-care', detail: level.detail };
  const beds = bedsRule(facility, request, levels);
  if (!beds.passes) return { fits: false, rule: beds.rule, detail: beds.detail };
  const reasons = bedsReasons(beds.beds, request);
  for (const [rule, check] of NEED_RULES) {
    const verdict = check(facility, request);
    if (!verdict.passes) return { fits: false, rule, detail: verdict.detail };
    reasons.push(...verdict.reasons);
  }
  reasons.push(...distance.reasons);
  return { fits: true, reasons, ...beds.beds };
}

/**
 * Ranking, first tier: for a pregnant patient who needs treatment for opioids, facilities offering
 * MOUD (methadone or any buprenorphine) come first.
 * Source: ACOG Committee Opinion 711 (2017), Opioid Use and Opioid Use Disorder in Pregnancy; SAMHSA
 * 2018 Clinical Guidance for Treating Pregnant and Parenting Women With Opioid Use Disorder.
 */
export function offersMoudInPregnancy(facility: FacilitySnapshot, request: MatchRequest): boolean {
  const { needs } = request;
  if (!needs.pregnant || !needs.substances.includes('opioids')) return false;
  return facility.medications.some(
    (medication) => DRUG_OF_MEDICATION[medication] === 'methadone' || DRUG_OF_MEDICATION[medication] === 'buprenorphine',
  );
}

/**
 * Ranking, second tier: a facility with a valid licence on file (verified by an admin, or listed in
 * SAMHSA's directory) before one without: none at all, or only one it entered itself, not yet verified.
 */
export const licenceOnFile = (facility: FacilitySnapshot, request: MatchRequest): boolean =>
  licencesOf(facility).some((licence) => isCredentialTrusted(licence) && isCredentialValid(licence, request.asOf));
