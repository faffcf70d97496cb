import type { AgeGroup, BedType, LevelOfCare, MedicationDrug } from '#contracts';
import { DRUG_OF_MEDICATION } from '#vocabulary';
import { BED_TYPE_BITS, SHARED_BIT, VOCABULARY, type FacilityFacts, type ListKey, type Vocabulary } from './facility-facts.js';
import { latitudeCosine } from './geo-distance.js';
import type { MatchRequest } from './match-request.js';
import { needRulesSpeakingFor } from './reference-rules.js';
import {
  acceptableLevelsOf,
  ageGroupsFor,
  bedTypeFits,
  compatibleForms,
  dayOf,
  distinct,
  HOSPITAL_LEVELS,
  HOUR_MS,
  IHS_TRIBAL_OPERATORS,
  isDetoxLevel,
  isMoud,
  OPIOID_TREATMENT_PROGRAM,
  UNINSURED_OPTIONS,
  WITHDRAWAL_SUBSTANCES,
} from './rule-terms.js';

/** Values a rule looks for, with their VOCABULARY bits, worked out once per search. */
export interface ValueSet {
  readonly values: readonly string[];
  readonly bits: readonly number[];
  /** The bits joined, leaving out SHARED_BIT: values on it are looked up in the facility's list. */
  readonly mask: number;
  readonly shared: boolean;
}

export function valueSet(vocabulary: Vocabulary, values: readonly string[]): ValueSet {
  const bits = values.map((value) => vocabulary.bitOf(value));
  let mask = 0;
  for (const bit of bits) if (bit !== SHARED_BIT) mask |= bit;
  return { values, bits, mask, shared: bits.includes(SHARED_BIT) };
}

/** The set of `values`, or undefined when there are none: the rule has nothing to check. */
const valuesToCheck = (vocabulary: Vocabulary, values: readonly string[]): ValueSet | undefined =>
  values.length > 0 ? valueSet(vocabulary, values) : undefined;

/**
 * Whether facts whose `mask` is joined with OR (one facility's, or a group's) hold any of `set`:
 * exactly for a facility (`facts`), whose snapshot's list `key` answers for values on the shared bit;
 * "some member may" for a group (`facts` undefined), where the shared bit set means one may.
 */
export function holdsAny(mask: number, set: ValueSet, facts: FacilityFacts | undefined, key: ListKey): boolean {
  if ((mask & set.mask) !== 0) return true;
  return set.shared && sharedHeld(mask, set, facts, key, false);
}

/** As holdsAny, for every value of `set` (each held by some member, for a group). */
export function holdsAll(mask: number, set: ValueSet, facts: FacilityFacts | undefined, key: ListKey): boolean {
  if ((mask & set.mask) !== set.mask) return false;
  return !set.shared || sharedHeld(mask, set, facts, key, true);
}

/**
 * Whether facts whose `mask` is joined with AND hold any of `set`: exactly for a facility, "every
 * member surely does" for a group (a value on the shared bit then cannot be told, and counts as not held).
 */
export function surelyHoldsAny(mask: number, set: ValueSet, facts: FacilityFacts | undefined, key: ListKey): boolean {
  if ((mask & set.mask) !== 0) return true;
  return set.shared && facts !== undefined && sharedHeld(mask, set, facts, key, false);
}

/** Whether the values of `set` on the shared bit are held: any of them, or with `every`, all of them. */
function sharedHeld(mask: number, set: ValueSet, facts: FacilityFacts | undefined, key: ListKey, every: boolean): boolean {
  const list = facts?.facility[key] as readonly string[] | undefined;
  for (let at = 0; at < set.bits.length; at += 1) {
    if (set.bits[at] !== SHARED_BIT) continue;
    const held = list === undefined ? (mask & SHARED_BIT) !== 0 : list.includes(set.values[at]!);
    if (held !== every) return held;
  }
  return every;
}

/** How the payer rule reads the patient's coverage: VA is never excluded ('none'); otherwise the payer itself must be 'listed'. */
export type PayerCheck = 'none' | 'uninsured' | 'ihs-tribal' | 'listed';

/** How the medication rules read a medication: MOUD or alcohol medication, and the drug. */
export interface MedicationCriteria {
  readonly drug: MedicationDrug;
  readonly moud: boolean;
  /** The patient names a specific form (not the drug alone). */
  readonly formStated: boolean;
  /** The medications a facility may list that are compatible with it. */
  readonly forms: ValueSet;
}

/**
 * What the rules read from a request, worked out once per search rather than once per facility:
 * values as their VOCABULARY bits. `levels` are the levels tried, best first: the request's acceptable
 * levels, or for a level-of-care suggestion the one level suggested.
 */
export interface Criteria {
  readonly request: MatchRequest;
  readonly levels: readonly LevelOfCare[];
  readonly levelBits: readonly number[];
  /** The levelBits joined: for whole groups of facilities (FactsSummary). */
  readonly levelMask: number;
  readonly asOfMs: number;
  readonly staleAfterMs: number;
  readonly originLatitude: number;
  readonly originLongitude: number;
  readonly originCos: number;
  readonly payerCheck: PayerCheck;
  /** The payers that let the patient in (the payer itself, the uninsured options, IHS/tribal funds). */
  readonly payers: ValueSet;
  readonly ihsTribalOperators: ValueSet;
  readonly gender: ValueSet;
  readonly ageGroups: ValueSet;
  /** The programmes the patient needs; undefined when not needed. */
  readonly pregnant: ValueSet | undefined;
  readonly coOccurring: ValueSet | undefined;
  /** The programmes the court order needs (DU or DUO for DUI/DWI, CJ for another order); undefined without an order. */
  readonly courtOrder: ValueSet | undefined;
  /** Whether a DUI/DWI-only programme is closed to the patient (every patient but one with a DUI/DWI order). */
  readonly closedToDuiOnly: boolean;
  /** The substances named. */
  readonly substances: ValueSet;
  /** The withdrawal a detox referral needs managed; undefined unless the requested level is a detox level and one is named. */
  readonly withdrawal: ValueSet | undefined;
  readonly medication: MedicationCriteria | undefined;
  readonly startMedication: MedicationCriteria | undefined;
  readonly opioidsNamed: boolean;
  /** Levels and medication services the medication rules look for. */
  readonly opioidTreatmentProgram: ValueSet;
  readonly hospitalLevels: ValueSet;
  readonly acceptsExternalAlcoholMedication: ValueSet;
  readonly prescribesBuprenorphine: ValueSet;
  readonly prescribesNaltrexone: ValueSet;
  readonly prescribesAlcoholMedication: ValueSet;
  /** The support services the patient's children need; undefined when none. */
  readonly parenting: ValueSet | undefined;
  /** A language other than English; undefined when none. */
  readonly language: ValueSet | undefined;
  readonly nextStepLevels: ValueSet;
  /** A mask of BED_TYPE_BITS: the bed types that may go to the patient. */
  readonly bedTypes: number;
  /** Pregnant, and needs treatment for opioids: facilities offering MOUD rank first. */
  readonly moudFirst: boolean;
  /** The day credentials expire against (YYYY-MM-DD), worked out the first time a credential has an expiry date; '' until then. */
  asOfDay: string;
  /** The same as facility-facts.ts dayNumber gives it; undefined until then. */
  asOfDayNumber: number | undefined;
  /** Whether a bed line confirmed at `asOf` counts as fresh, worked out the first time passesAllButBeds asks; undefined until then. */
  freshAtAsOf: boolean | undefined;
  /** The need rules with something to say about a match for this request, worked out for the first match put into words. */
  speakingRules: ReturnType<typeof needRulesSpeakingFor> | undefined;
}

const BED_TYPES = Object.keys(BED_TYPE_BITS) as BedType[];

function medicationCriteria(request: MatchRequest, medication: MatchRequest['needs']['medication']): MedicationCriteria | undefined {
  if (!medication) return undefined;
  const drug = DRUG_OF_MEDICATION[medication];
  return {
    drug,
    moud: isMoud(medication, request.needs.substances),
    formStated: medication !== drug,
    forms: valueSet(VOCABULARY.medications, compatibleForms(medication)),
  };
}

export function criteriaFor(request: MatchRequest, levels: readonly LevelOfCare[] = acceptableLevelsOf(request)): Criteria {
  const { needs } = request;
  const levelBits = levels.map((level) => VOCABULARY.levels.bitOf(level));
  let bedTypes = 0;
  for (const type of BED_TYPES) if (bedTypeFits(type, needs)) bedTypes |= BED_TYPE_BITS[type];
  const substances = distinct(needs.substances);
  const payerCheck: PayerCheck =
    request.payer === 'va'
      ? 'none'
      : request.payer === 'uninsured'
        ? 'uninsured'
        : request.payer === 'ihs-tribal'
          ? 'ihs-tribal'
          : 'listed';
  const payers =
    payerCheck === 'uninsured'
      ? UNINSURED_OPTIONS
      : payerCheck === 'ihs-tribal'
        ? ['ihs-tribal-funds']
        : payerCheck === 'listed'
          ? [request.payer]
          : [];
  const order = needs.courtOrder ?? null;
  const opioidsNamed = substances.includes('opioids');
  return {
    request,
    levels,
    levelBits,
    levelMask: levelBits.reduce((mask, bit) => mask | bit, 0),
    asOfMs: request.asOf.getTime(),
    staleAfterMs: request.staleAfterHours * HOUR_MS,
    originLatitude: request.origin.latitude,
    originLongitude: request.origin.longitude,
    originCos: latitudeCosine(request.origin.latitude),
    payerCheck,
    payers: valueSet(VOCABULARY.payers, payers),
    ihsTribalOperators: valueSet(VOCABULARY.operators, IHS_TRIBAL_OPERATORS),
    gender: valueSet(VOCABULARY.genders, [needs.gender]),
    ageGroups: valueSet(VOCABULARY.ageGroups, ageGroupsFor(needs.ageBand) satisfies AgeGroup[]),
    pregnant: valuesToCheck(VOCABULARY.populations, needs.pregnant ? ['pregnant-postpartum'] : []),
    coOccurring: valuesToCheck(
      VOCABULARY.populations,
      needs.coOccurringMentalIllness ? ['co-occurring', 'co-occurring-serious-mental-illness'] : [],
    ),
    courtOrder: valuesToCheck(
      VOCABULARY.populations,
      order === 'dui' ? ['dui-dwi', 'dui-dwi-only'] : order === 'other' ? ['criminal-justice'] : [],
    ),
    closedToDuiOnly: order !== 'dui',
    substances: valueSet(VOCABULARY.substances, substances),
    withdrawal: valuesToCheck(
      VOCABULARY.substances,
      isDetoxLevel(request.levelOfCare) ? substances.filter((substance) => WITHDRAWAL_SUBSTANCES.includes(substance)) : [],
    ),
    medication: medicationCriteria(request, needs.medication),
    startMedication: medicationCriteria(request, needs.startMedication),
    opioidsNamed,
    opioidTreatmentProgram: valueSet(VOCABULARY.levels, [OPIOID_TREATMENT_PROGRAM]),
    hospitalLevels: valueSet(VOCABULARY.levels, HOSPITAL_LEVELS),
    acceptsExternalAlcoholMedication: valueSet(VOCABULARY.medicationServices, ['accepts-external-alcohol-medication']),
    prescribesBuprenorphine: valueSet(VOCABULARY.medicationServices, ['prescribes-buprenorphine']),
    prescribesNaltrexone: valueSet(VOCABULARY.medicationServices, ['prescribes-naltrexone']),
    prescribesAlcoholMedication: valueSet(VOCABULARY.medicationServices, ['prescribes-alcohol-medication']),
    parenting: valuesToCheck(VOCABULARY.supportServices, [
      ...(needs.bedsForChildren ? ['residential-beds-for-children'] : []),
      ...(needs.childcare ? ['childcare'] : []),
    ]),
    language: valuesToCheck(VOCABULARY.languages, needs.language && needs.language !== 'english' ? [needs.language] : []),
    nextStepLevels: valueSet(VOCABULARY.levels, request.nextStepLevels ?? []),
    bedTypes,
    moudFirst: needs.pregnant && opioidsNamed,
    asOfDay: '',
    asOfDayNumber: undefined,
    freshAtAsOf: undefined,
    speakingRules: undefined,
  };
}

/** The day credentials expire against, worked out once per search. */
export function asOfDayOf(criteria: Criteria): string {
  if (criteria.asOfDay === '') criteria.asOfDay = dayOf(criteria.request.asOf);
  return criteria.asOfDay;
}
