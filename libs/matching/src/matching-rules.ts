import type { AgeGroup, BedType, LevelOfCare, Payer } from '#contracts';
import { EXCLUSION_RULES, MEDICATION_LABELS, PAYER_LABELS, type ExclusionRule } from '#vocabulary';
import type { Credential, FacilitySnapshot } from './facility-snapshot.js';
import { distanceMilesAtLeast, distanceMilesWithCosines, latitudeCosine } from './geo-distance.js';
import {
  BED_AVAILABLE,
  BED_CONFIRMED,
  BED_LEVEL,
  BED_STAFFED,
  BED_STRIDE,
  BED_TYPE,
  BED_TYPE_BITS,
  factsOf,
  hasValue,
  SHARED_BIT,
  VOCABULARY,
  type FacilityFacts,
  type FactsSummary,
  type Vocabulary,
} from './facility-facts.js';
import { FacilityIndex, type CellBounds, type CellListing } from './facility-index.js';
import type { MatchRequest, PatientNeeds } from './match-request.js';
import { BEDS_FOR_FULL_SCORE, FRESHNESS_HORIZON_HOURS, RANKING_WEIGHTS } from './ranking-weights.js';

// The hard rules are shared with the web app, so they live in the vocabulary; re-exported for the matcher's users.
export { EXCLUSION_RULES, type ExclusionRule };

export interface FacilityMatch {
  readonly facilityId: string;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  /** The level the bed is in: the requested one, or a more intensive one the planner allowed. */
  readonly levelOfCare: LevelOfCare;
  readonly distanceMiles: number;
  readonly bedsAvailable: number;
  /** When the facility last confirmed the counted beds: planners weigh a count from an hour ago above one from yesterday. */
  readonly bedsConfirmedAt: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

/** A facility near the patient that was left out, and the rule that left it out. */
export interface Exclusion {
  readonly facilityId: string;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  readonly distanceMiles: number;
  readonly rule: ExclusionRule;
  readonly detail: string;
}

/** What would widen an empty (or thin) result, computed only when it helps. */
export type Suggestion =
  | { readonly kind: 'distance'; readonly maxDistanceMiles: number; readonly matches: number; readonly text: string }
  | { readonly kind: 'level-of-care'; readonly levelOfCare: LevelOfCare; readonly matches: number; readonly text: string }
  | {
      readonly kind: 'waitlist';
      readonly facilityId: string;
      readonly name: string;
      readonly distanceMiles: number;
      readonly opening24h: number;
      readonly opening72h: number;
      readonly waitlist: boolean;
      readonly typicalWaitDays: number | null;
      readonly text: string;
    };

export interface MatchResult {
  readonly facilitiesConsidered: number;
  readonly matches: readonly FacilityMatch[];
  readonly excludedByRule: Readonly<Partial<Record<ExclusionRule, number>>>;
  /** The nearest facilities within reach that were left out, nearest first, each with its rule. */
  readonly nearbyExclusions: readonly Exclusion[];
  readonly suggestions: readonly Suggestion[];
}

export type Evaluation =
  | { readonly fits: true; readonly match: FacilityMatch }
  | { readonly fits: false; readonly rule: ExclusionRule; readonly detail: string; readonly distanceMiles: number };

/** Coverage an uninsured patient can still use. */
const UNINSURED_OPTIONS: readonly Payer[] = [
  'self-pay',
  'sliding-fee',
  'state-financed',
  'payment-assistance',
  'scholarship',
  'no-charge',
];


/** From this age a patient takes adult (male or female) beds; below it, adolescent beds. */
const ADULT_AGE_YEARS = 18;
const HOUR_MS = 3_600_000;
/** The order bed types are named in reasons. */
const BED_TYPE_ORDER: readonly BedType[] = ['general', 'male', 'female', 'adolescent'];

/**
 * Whether a bed of this type may go to the patient: general beds to anyone, male and female beds to
 * adults of that gender, adolescent beds to under-18s.
 */
export function bedTypeFits(bedType: BedType, needs: Pick<PatientNeeds, 'gender' | 'ageYears'>): boolean {
  switch (bedType) {
    case 'general':
      return true;
    case 'adolescent':
      return needs.ageYears < ADULT_AGE_YEARS;
    case 'male':
    case 'female':
      return needs.ageYears >= ADULT_AGE_YEARS && needs.gender === bedType;
  }
}

/** Whether a bed line was confirmed more than `staleAfterHours` before `asOf`; an unreadable time counts as stale. */
export function isBedCountStale(confirmedAt: string, asOf: Date, staleAfterHours: number): boolean {
  const ageMs = asOf.getTime() - Date.parse(confirmedAt);
  return !(ageMs <= staleAfterHours * HOUR_MS);
}

/** "" for general beds only, otherwise e.g. " (general and male beds)"; `types` is a mask of BED_TYPE_BITS. */
function bedTypeNote(types: number): string {
  if (types === BED_TYPE_BITS.general) return '';
  return ` (${BED_TYPE_ORDER.filter((type) => (types & BED_TYPE_BITS[type]) !== 0).join(' and ')} beds)`;
}

/** The age groups a patient of this age belongs to (young adults and seniors are adults too). */
export function ageGroupsFor(ageYears: number): AgeGroup[] {
  if (ageYears < 18) return ['children-adolescents'];
  if (ageYears <= 25) return ['young-adults', 'adults'];
  if (ageYears >= 65) return ['seniors', 'adults'];
  return ['adults'];
}

export function isCredentialValid(credential: FacilitySnapshot['credentials'][number], asOf: Date): boolean {
  if (credential.status !== 'active') return false;
  if (!credential.expiresOn) return true;
  // A credential counts through the whole of its expiry day, and stops counting the day after.
  return credential.expiresOn >= asOf.toISOString().slice(0, 10);
}

/** The levels that serve the patient, best first; the requested level alone unless the request lists more. */
function acceptableLevelsOf(request: MatchRequest): readonly LevelOfCare[] {
  return request.acceptableLevels?.length ? request.acceptableLevels : [request.levelOfCare];
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Where methadone for opioid use disorder can be given: a certified OTP, or a hospital. */
const METHADONE_LEVELS: readonly LevelOfCare[] = ['opioid-treatment-program', 'detox-hospital', 'hospital-inpatient'];


/**
 * What the rules read from a request, worked out once per search rather than once per facility:
 * values as their VOCABULARY bits. `levels` are the levels tried, best first: the request's acceptable
 * levels, or for a level-of-care suggestion the one level suggested.
 */
interface Criteria {
  readonly request: MatchRequest;
  readonly levels: readonly LevelOfCare[];
  readonly levelBits: readonly number[];
  /** The levelBits joined, and the same for the other lists of bits below: for whole groups of facilities (FactsSummary). */
  readonly levelMask: number;
  readonly asOfMs: number;
  readonly staleAfterMs: number;
  readonly originLatitude: number;
  readonly originLongitude: number;
  readonly originCos: number;
  readonly payerBit: number;
  readonly uninsuredBits: readonly number[];
  readonly uninsuredMask: number;
  readonly genderBit: number;
  readonly ageGroups: readonly AgeGroup[];
  readonly ageGroupBits: readonly number[];
  readonly ageGroupMask: number;
  readonly populationBits: { readonly pregnant: number; readonly coOccurring: number; readonly courtOrdered: number };
  readonly medicationBit: number;
  readonly methadoneLevelBits: readonly number[];
  readonly methadoneLevelMask: number;
  readonly languageBit: number;
  readonly nextStepLevels: readonly LevelOfCare[];
  readonly nextStepBits: readonly number[];
  /** A mask of BED_TYPE_BITS: the bed types that may go to the patient. */
  readonly bedTypes: number;
  /** The day credentials expire against (YYYY-MM-DD), worked out the first time a credential has an expiry date; '' until then. */
  asOfDay: string;
  /** Whether a bed line confirmed at `asOf` counts as fresh, worked out the first time passesAllButBeds asks; undefined until then. */
  freshAtAsOf: boolean | undefined;
}

const BED_TYPES = Object.keys(BED_TYPE_BITS) as BedType[];
const bitsOf = (vocabulary: Vocabulary, values: readonly string[]): number[] => values.map((value) => vocabulary.bitOf(value));
const joined = (bits: readonly number[]): number => bits.reduce((mask, bit) => mask | bit, 0);

function criteriaFor(request: MatchRequest, levels: readonly LevelOfCare[] = acceptableLevelsOf(request)): Criteria {
  const { needs } = request;
  const ageGroups = ageGroupsFor(needs.ageYears);
  const nextStepLevels = request.nextStepLevels ?? [];
  const levelBits = bitsOf(VOCABULARY.levels, levels);
  const uninsuredBits = bitsOf(VOCABULARY.payers, UNINSURED_OPTIONS);
  const ageGroupBits = bitsOf(VOCABULARY.ageGroups, ageGroups);
  const methadoneLevelBits = bitsOf(VOCABULARY.levels, METHADONE_LEVELS);
  let bedTypes = 0;
  for (const type of BED_TYPES) if (bedTypeFits(type, needs)) bedTypes |= BED_TYPE_BITS[type];
  return {
    request,
    levels,
    levelBits,
    levelMask: joined(levelBits),
    asOfMs: request.asOf.getTime(),
    staleAfterMs: request.staleAfterHours * HOUR_MS,
    originLatitude: request.origin.latitude,
    originLongitude: request.origin.longitude,
    originCos: latitudeCosine(request.origin.latitude),
    payerBit: VOCABULARY.payers.bitOf(request.payer),
    uninsuredBits,
    uninsuredMask: joined(uninsuredBits),
    genderBit: VOCABULARY.genders.bitOf(needs.gender),
    ageGroups,
    ageGroupBits,
    ageGroupMask: joined(ageGroupBits),
    populationBits: {
      pregnant: VOCABULARY.populations.bitOf('pregnant-postpartum'),
      coOccurring: VOCABULARY.populations.bitOf('co-occurring'),
      courtOrdered: VOCABULARY.populations.bitOf('criminal-justice'),
    },
    medicationBit: needs.medication ? VOCABULARY.medications.bitOf(needs.medication) : 0,
    methadoneLevelBits,
    methadoneLevelMask: joined(methadoneLevelBits),
    languageBit: needs.language ? VOCABULARY.languages.bitOf(needs.language) : 0,
    nextStepLevels,
    nextStepBits: bitsOf(VOCABULARY.levels, nextStepLevels),
    bedTypes,
    asOfDay: '',
    freshAtAsOf: undefined,
  };
}

/** Whether the facility's `mask` holds any of `values` (whose bits are `bits`). */
function hasAnyValue(mask: number, bits: readonly number[], list: readonly string[], values: readonly string[]): boolean {
  for (let at = 0; at < bits.length; at += 1) if (hasValue(mask, bits[at]!, list, values[at]!)) return true;
  return false;
}

/** distanceMiles from the request's origin, with both cosines worked out beforehand. */
function distanceTo(criteria: Criteria, facts: FacilityFacts): number {
  return distanceMilesWithCosines(
    criteria.originLatitude, criteria.originLongitude, criteria.originCos, facts.latitude, facts.longitude, facts.cosLatitude,
  );
}

/** Where the bed lines of one level stand for the patient; reused from facility to facility. */
interface BedTally {
  level: LevelOfCare | undefined;
  /** Lines at the level, of any type; those whose type fits the patient; those of them confirmed recently enough. */
  levelLines: number;
  fitting: number;
  fresh: number;
  /** Over the fresh fitting lines: */
  available: number;
  staffed: number;
  lastConfirmed: number;
  /** A mask of BED_TYPE_BITS. */
  freshTypes: number;
}

const newTally = (): BedTally => ({ level: undefined, levelLines: 0, fitting: 0, fresh: 0, available: 0, staffed: 0, lastConfirmed: -Infinity, freshTypes: 0 });

/** Counts the beds that count at one level into `tally`: lines whose type fits the patient, confirmed recently enough. */
function tallyBeds(criteria: Criteria, facts: FacilityFacts, level: LevelOfCare, levelBit: number, tally: BedTally): void {
  tally.level = level;
  tally.levelLines = 0;
  tally.fitting = 0;
  tally.fresh = 0;
  tally.available = 0;
  tally.staffed = 0;
  tally.lastConfirmed = -Infinity;
  tally.freshTypes = 0;
  const { beds } = facts;
  for (let at = 0; at < beds.length; at += BED_STRIDE) {
    if (beds[at + BED_LEVEL] !== levelBit) continue;
    if (levelBit === SHARED_BIT && facts.facility.beds[at / BED_STRIDE]!.levelOfCare !== level) continue;
    tally.levelLines += 1;
    const type = beds[at + BED_TYPE]!;
    if ((type & criteria.bedTypes) === 0) continue;
    tally.fitting += 1;
    const confirmed = beds[at + BED_CONFIRMED]!;
    // Stale exactly as isBedCountStale decides: an unreadable time (NaN) counts as stale.
    if (!(criteria.asOfMs - confirmed <= criteria.staleAfterMs)) continue;
    tally.fresh += 1;
    tally.available += beds[at + BED_AVAILABLE]!;
    tally.staffed += beds[at + BED_STAFFED]!;
    if (confirmed > tally.lastConfirmed) tally.lastConfirmed = confirmed;
    tally.freshTypes |= type;
  }
}

/** The bed rule a tally fails, or undefined when it holds a free bed. */
function bedRule(tally: BedTally): 'no-bed' | 'stale-count' | undefined {
  if (tally.fitting === 0) return 'no-bed';
  if (tally.fresh === 0) return 'stale-count';
  if (tally.available < 1) return 'no-bed';
  return undefined;
}

function asOfDayOf(criteria: Criteria): string {
  if (criteria.asOfDay === '') criteria.asOfDay = criteria.request.asOf.toISOString().slice(0, 10);
  return criteria.asOfDay;
}

/** As isCredentialValid, with the day worked out once per search. */
function isCredentialValidFor(criteria: Criteria, credential: Credential): boolean {
  if (credential.status !== 'active') return false;
  if (!credential.expiresOn) return true;
  return credential.expiresOn >= asOfDayOf(criteria);
}

/** Whether some active credential is still valid: one without expiry, or the last to expire not yet expired. */
function validThrough(criteria: Criteria, undated: boolean, expiresLast: string | null): boolean {
  if (undated) return true;
  if (expiresLast === null) return false;
  return expiresLast >= asOfDayOf(criteria);
}

/**
 * The first hard rule after `inactive` and `distance` that the facility fails, or undefined when it
 * fits; `tally` then holds the beds at the level found (the first of `criteria.levels` the facility
 * offers with a free, fresh bed that fits the patient). Reads only the compiled facts, builds no text
 * and allocates nothing, as the search runs it for every facility within reach; evaluateInReach puts
 * it into words.
 */
function ruleInReach(criteria: Criteria, facts: FacilityFacts, tally: BedTally): ExclusionRule | undefined {
  const { facility } = facts;
  let offered = false;
  let firstMiss: 'no-bed' | 'stale-count' | undefined;
  let fits = false;
  for (let at = 0; at < criteria.levels.length; at += 1) {
    const level = criteria.levels[at]!;
    const levelBit = criteria.levelBits[at]!;
    if (!hasValue(facts.levels, levelBit, facility.levelsOfCare, level)) continue;
    offered = true;
    tallyBeds(criteria, facts, level, levelBit, tally);
    const miss = bedRule(tally);
    if (miss === undefined) {
      fits = true;
      break;
    }
    firstMiss ??= miss;
  }
  if (!offered) return 'level-of-care';
  if (!fits) return firstMiss!;
  return ruleAfterBeds(criteria, facts);
}

/** The rules after the bed rules, in ruleInReach's order: payer, credentials, then the patient's needs. */
function ruleAfterBeds(criteria: Criteria, facts: FacilityFacts): ExclusionRule | undefined {
  const { request } = criteria;
  const { needs } = request;
  const { facility } = facts;
  if (request.payer === 'uninsured') {
    if (!hasAnyValue(facts.payers, criteria.uninsuredBits, facility.payers, UNINSURED_OPTIONS)) return 'payer';
  } else if (!hasValue(facts.payers, criteria.payerBit, facility.payers, request.payer)) {
    return 'payer';
  }

  if (!validThrough(criteria, facts.credentialUndated, facts.credentialExpiresLast)) return 'credential';
  if (request.requireAccreditation && !validThrough(criteria, facts.accreditationUndated, facts.accreditationExpiresLast)) {
    return 'accreditation';
  }

  if (facts.gendersListed && !hasValue(facts.genders, criteria.genderBit, facility.gendersAccepted, needs.gender)) return 'gender';
  if (facts.ageGroupsListed && !hasAnyValue(facts.ageGroups, criteria.ageGroupBits, facility.ageGroupsAccepted, criteria.ageGroups)) {
    return 'age';
  }
  const populations = criteria.populationBits;
  if (needs.pregnant && !hasValue(facts.populations, populations.pregnant, facility.populations, 'pregnant-postpartum')) return 'pregnancy';
  if (needs.coOccurringMentalIllness && !hasValue(facts.populations, populations.coOccurring, facility.populations, 'co-occurring')) {
    return 'co-occurring';
  }
  if (needs.courtOrdered && !hasValue(facts.populations, populations.courtOrdered, facility.populations, 'criminal-justice')) {
    return 'court-ordered';
  }
  if (needs.medication) {
    if (needs.medication === 'methadone') {
      if (!hasAnyValue(facts.levels, criteria.methadoneLevelBits, facility.levelsOfCare, METHADONE_LEVELS)) return 'medication';
    } else if (
      !hasValue(facts.medications, criteria.medicationBit, facility.medications, needs.medication) &&
      !facts.continuesExternalMedication
    ) {
      return 'medication';
    }
  }
  if (needs.language && needs.language !== 'english' && !hasValue(facts.languages, criteria.languageBit, facility.languages, needs.language)) {
    return 'language';
  }
  return undefined;
}

/**
 * Whether a group of facilities (a grid cell) may hold one that fits, from its summary: false only
 * when every active facility in it fails some rule of ruleInReach whatever its distance, as each test
 * here is one a fitting facility passes on its own facts (a mask holds a bit only if one of the
 * group's masks does, and a value on the shared bit sets that bit in its facility's mask).
 */
function groupMayFit(criteria: Criteria, summary: FactsSummary): boolean {
  const { request } = criteria;
  const { needs } = request;
  if (summary.active === 0) return false;
  if ((summary.freeLevels & criteria.levelMask) === 0) return false;
  if ((summary.payers & (request.payer === 'uninsured' ? criteria.uninsuredMask : criteria.payerBit)) === 0) return false;
  if (!validThrough(criteria, summary.credentialUndated, summary.credentialExpiresLast)) return false;
  if (request.requireAccreditation && !validThrough(criteria, summary.accreditationUndated, summary.accreditationExpiresLast)) return false;
  if ((summary.genders & criteria.genderBit) === 0) return false;
  if ((summary.ageGroups & criteria.ageGroupMask) === 0) return false;
  const populations = criteria.populationBits;
  if (needs.pregnant && (summary.populations & populations.pregnant) === 0) return false;
  if (needs.coOccurringMentalIllness && (summary.populations & populations.coOccurring) === 0) return false;
  if (needs.courtOrdered && (summary.populations & populations.courtOrdered) === 0) return false;
  if (needs.medication) {
    if (needs.medication === 'methadone') {
      if ((summary.levels & criteria.methadoneLevelMask) === 0) return false;
    } else if ((summary.medications & criteria.medicationBit) === 0 && !summary.continuesExternalMedication) {
      return false;
    }
  }
  if (needs.language && needs.language !== 'english' && (summary.languages & criteria.languageBit) === 0) return false;
  return true;
}

/** Whether the facility also offers a level that usually follows the requested one. */
function continuesCare(criteria: Criteria, facts: FacilityFacts): boolean {
  return hasAnyValue(facts.levels, criteria.nextStepBits, facts.facility.levelsOfCare, criteria.nextStepLevels);
}

/**
 * Applies every hard rule to one facility; the first rule it fails is the one reported. Distance
 * comes first, so a facility far away is "too far" whatever else it lacks, and for one within reach
 * the planner learns the clinical or administrative reason.
 */
export function evaluateFacility(request: MatchRequest, facility: FacilitySnapshot): Evaluation {
  const criteria = criteriaFor(request);
  const facts = factsOf(facility);
  const distance = distanceTo(criteria, facts);
  const outOfReach: ExclusionRule | undefined = !facts.active ? 'inactive' : distance > request.maxDistanceMiles ? 'distance' : undefined;
  if (outOfReach) {
    return { fits: false, rule: outOfReach, detail: exclusionDetail(criteria, facts, outOfReach), distanceMiles: round(distance, 1) };
  }
  return evaluateInReach(criteria, facts, distance);
}

/**
 * The rules after `inactive` and `distance`, for an active facility `distance` miles away, within the
 * limit: ruleInReach's verdict, in words (the detail of an exclusion, the reasons of a match).
 */
function evaluateInReach(criteria: Criteria, facts: FacilityFacts, distance: number): Evaluation {
  const tally = newTally();
  const rule = ruleInReach(criteria, facts, tally);
  if (rule !== undefined) return { fits: false, rule, detail: exclusionDetail(criteria, facts, rule), distanceMiles: round(distance, 1) };
  return { fits: true, match: matchInWords(criteria, facts.facility, distance, tally) };
}

/** A facility that fits, with its reasons; `beds` is ruleInReach's tally of the level it found. */
function matchInWords(criteria: Criteria, facility: FacilitySnapshot, distance: number, beds: Readonly<BedTally>): FacilityMatch {
  const { request } = criteria;
  const { needs } = request;
  const distanceRounded = round(distance, 1);
  const level = beds.level!;
  const reasons: string[] = [];
  reasons.push(`${beds.available} of ${beds.staffed} ${level} beds free${bedTypeNote(beds.freshTypes)}`);
  if (level !== request.levelOfCare) reasons.push(`a more intensive level than ${request.levelOfCare}, as allowed`);

  if (request.payer === 'uninsured') {
    const options = UNINSURED_OPTIONS.filter((option) => facility.payers.includes(option));
    reasons.push(`uninsured patients: ${options.map((option) => PAYER_LABELS[option]).join(', ')}`);
  } else {
    reasons.push(`accepts ${PAYER_LABELS[request.payer]}`);
  }
  const valid = facility.credentials.filter((credential) => isCredentialValidFor(criteria, credential));
  reasons.push(`valid ${valid.map((credential) => credential.type).join(', ')}`);

  if (needs.pregnant) reasons.push('serves pregnant or postpartum women');
  if (needs.coOccurringMentalIllness) reasons.push('serves co-occurring mental illness');
  if (needs.courtOrdered) reasons.push('serves criminal-justice clients');
  if (needs.medication) {
    const label = MEDICATION_LABELS[needs.medication];
    if (needs.medication === 'methadone') reasons.push('continues methadone');
    else if (facility.medications.includes(needs.medication)) reasons.push(`provides ${label}`);
    else reasons.push(`continues ${label} prescribed elsewhere`);
  }
  if (needs.language && needs.language !== 'english') reasons.push(`care in ${needs.language}`);

  reasons.push(`${distanceRounded} mi away`);
  const continuing = criteria.nextStepLevels.filter((next) => facility.levelsOfCare.includes(next));
  if (continuing.length > 0) reasons.push(`also offers ${continuing.join(', ')}: no gap before the next level of care`);

  return {
    facilityId: facility.facilityId,
    name: facility.name,
    city: facility.city,
    state: facility.state,
    levelOfCare: level,
    distanceMiles: distanceRounded,
    bedsAvailable: beds.available,
    bedsConfirmedAt: new Date(beds.lastConfirmed).toISOString(),
    score: scoreOf(request, distance, beds.available, beds.lastConfirmed, continuing.length > 0),
    reasons,
  };
}

/** Why `rule` (ruleInReach's verdict) excludes the facility, for the planner. */
function exclusionDetail(criteria: Criteria, facts: FacilityFacts, rule: ExclusionRule): string {
  const { request } = criteria;
  const { facility } = facts;
  const { needs } = request;
  switch (rule) {
    case 'level-of-care':
      return `does not offer ${criteria.levels.join(' or ')}`;
    case 'no-bed':
    case 'stale-count': {
      // The first level the facility offers (of those tried) decides the words, as it decided the rule.
      const tally = newTally();
      const at = criteria.levels.findIndex((level) => facility.levelsOfCare.includes(level));
      const level = criteria.levels[at]!;
      tallyBeds(criteria, facts, level, criteria.levelBits[at]!, tally);
      if (tally.fitting === 0) {
        return tally.levelLines === 0 ? `no bed count for ${level}` : `no ${level} bed for a ${needs.ageYears}-year-old ${needs.gender} patient`;
      }
      if (tally.fresh === 0) return `${level} bed count not confirmed in the last ${request.staleAfterHours} h`;
      return `no bed free in ${level}${bedTypeNote(tally.freshTypes)}`;
    }
    case 'payer':
      return request.payer === 'uninsured' ? 'no option for uninsured patients' : `does not accept ${PAYER_LABELS[request.payer]}`;
    case 'credential':
      return 'no valid licence or accreditation';
    case 'accreditation':
      return 'no valid accreditation (CARF, Joint Commission, COA, NCQA or HFAP)';
    case 'gender':
      return `does not accept ${needs.gender} patients`;
    case 'age':
      return `does not accept patients aged ${needs.ageYears}`;
    case 'pregnancy':
      return 'no program for pregnant or postpartum women';
    case 'co-occurring':
      return 'no program for co-occurring mental illness';
    case 'court-ordered':
      return 'no program for criminal-justice clients';
    case 'medication':
      return needs.medication === 'methadone'
        ? 'methadone is continued only in an opioid treatment program or a hospital'
        : `does not continue ${MEDICATION_LABELS[needs.medication!]}`;
    case 'language':
      return `no care in ${needs.language}`;
    case 'inactive':
      return 'facility is not active';
    case 'distance':
      return `${round(distanceTo(criteria, facts), 1)} mi away, beyond ${request.maxDistanceMiles} mi`;
  }
}

/** The ranking score (RANKING_WEIGHTS), rounded to 4 places as reported and ranked on. */
function scoreOf(request: MatchRequest, distance: number, available: number, lastConfirmed: number, continues: boolean): number {
  const ageHours = Math.max(0, (request.asOf.getTime() - lastConfirmed) / HOUR_MS);
  const score =
    RANKING_WEIGHTS.distance * (1 - distance / request.maxDistanceMiles) +
    RANKING_WEIGHTS.bedsAvailable * Math.min(1, available / BEDS_FOR_FULL_SCORE) +
    RANKING_WEIGHTS.freshness * Math.max(0, 1 - ageHours / FRESHNESS_HORIZON_HOURS) +
    RANKING_WEIGHTS.continuity * (continues ? 1 : 0);
  return round(score, 4);
}

const DEFAULT_LIMIT = 20;
const DEFAULT_NEARBY_EXCLUSIONS = 10;
/** How far a "widen the distance" suggestion looks. */
const WIDEST_SEARCH_MILES = 250;
/** Half the 0.1 mi a reported distance is rounded to. */
const DISTANCE_ROUNDING_MILES = 0.05;
/** The widest radius a distance suggestion can name: a match just within WIDEST_SEARCH_MILES, rounded up. */
const FARTHEST_SUGGESTION_MILES = Math.ceil((WIDEST_SEARCH_MILES + DISTANCE_ROUNDING_MILES) / 5) * 5;

/** Where facilities come from: a plain list (tests, small sets) or the grid index (the matcher). */
export type FacilitySource = Iterable<FacilitySnapshot> | FacilityIndex;

/**
 * The active facilities within reach that fit, or that fail a rule, as the search judged them, column
 * by column, so judging a facility allocates no object: only the matches returned and the exclusions
 * explained are turned into records and words. The columns are kept from search to search (see
 * `judgedMatches`), so after the first few searches they no longer grow either.
 */
class Judged<Verdict> {
  /** Only the first `length` entries of each column belong to the search under way. */
  length = 0;
  readonly facts: FacilityFacts[] = [];
  distances: Float64Array = new Float64Array(256);
  /** The distance as reported, rounded to 0.1 mi. */
  distancesMiles: Float64Array = new Float64Array(256);
  /** The score of a match; the rule of an exclusion. */
  readonly verdicts: Verdict[] = [];
  /** The grid cell each came from (NaN from a plain list), and its id's rank there (CellListing). */
  cells: Float64Array = new Float64Array(256);
  idRanks: Float64Array = new Float64Array(256);

  /** Empties the columns for a new search. */
  clear(): void {
    this.length = 0;
  }

  add(facts: FacilityFacts, distance: number, verdict: Verdict, cell: number, idRank: number): void {
    const at = this.length;
    if (at === this.distances.length) {
      this.distances = grown(this.distances);
      this.distancesMiles = grown(this.distancesMiles);
      this.cells = grown(this.cells);
      this.idRanks = grown(this.idRanks);
    }
    this.facts[at] = facts;
    this.distances[at] = distance;
    this.distancesMiles[at] = round(distance, 1);
    this.verdicts[at] = verdict;
    this.cells[at] = cell;
    this.idRanks[at] = idRank;
    this.length = at + 1;
  }

  /**
   * Nearest first (rounded); ties go by facility id (localeCompare, or its rank within a cell). As
   * `a - b || …`, but answering -1, 0 or 1, which spares a number allocated per comparison; a NaN
   * distance ties, as there.
   */
  readonly byNearest = (a: number, b: number): number => {
    const milesA = this.distancesMiles[a]!;
    const milesB = this.distancesMiles[b]!;
    if (milesA < milesB) return -1;
    if (milesA > milesB) return 1;
    if (this.cells[a] === this.cells[b]) {
      const rankA = this.idRanks[a]!;
      const rankB = this.idRanks[b]!;
      return rankA < rankB ? -1 : rankA > rankB ? 1 : 0;
    }
    return this.facts[a]!.facility.facilityId.localeCompare(this.facts[b]!.facility.facilityId);
  };
}

function grown(column: Float64Array): Float64Array {
  const larger = new Float64Array(column.length * 2);
  larger.set(column);
  return larger;
}

/**
 * The columns of the search under way. A search runs start to end without yielding, and nothing
 * in it searches again, so one set serves every search; what a result holds is copied out of them.
 */
const judgedMatches = new Judged<number>();
const judgedExclusions = new Judged<ExclusionRule>();

/** Best score first, then nearest (rounded), then facility id. */
const byRank =
  (matches: Judged<number>) =>
  (a: number, b: number): number => {
    const scoreA = matches.verdicts[a]!;
    const scoreB = matches.verdicts[b]!;
    if (scoreA > scoreB) return -1;
    if (scoreA < scoreB) return 1;
    return matches.byNearest(a, b);
  };

/**
 * The positions of the first `count` of `length` items in `order`, exactly as a stable sort then
 * `slice(0, count)` would give them. For a whole `count` of at least 0, without sorting them all: a
 * sorted window of at most `count`, each newcomer placed after every kept item that does not come
 * after it.
 */
function firstInOrder(length: number, count: number, order: (a: number, b: number) => number): number[] {
  if (!Number.isInteger(count) || count < 0) return Array.from({ length }, (_, at) => at).sort(order).slice(0, count);
  const kept: number[] = [];
  if (count === 0) return kept;
  for (let item = 0; item < length; item += 1) {
    if (kept.length === count && order(item, kept[count - 1]!) >= 0) continue;
    // Shift the kept items that come after it one place on (the last falls off a full window).
    let at = kept.length < count ? kept.length : count - 1;
    while (at > 0 && order(item, kept[at - 1]!) < 0) {
      kept[at] = kept[at - 1]!;
      at -= 1;
    }
    kept[at] = item;
  }
  return kept;
}

/**
 * The facts of every facility the source may hold within `miles` of `origin`: the grid's cells near
 * it, or the whole list; with `outside`, leaving out what a call for `outside` miles gave (the whole
 * list, for a list).
 */
function candidatesOf(source: FacilitySource, origin: MatchRequest['origin'], miles: number, outside?: number): CellListing[] {
  if (source instanceof FacilityIndex) return source.cellsNear(origin, miles, outside);
  return outside === undefined ? [{ cell: NaN, bounds: undefined, facts: Array.from(source, factsOf), idRanks: [], summary: undefined }] : [];
}

interface Pass {
  readonly considered: number;
  /** Scored. */
  readonly matches: Judged<number>;
  readonly excludedByRule: Partial<Record<ExclusionRule, number>>;
  /** Every active facility within reach that fails a rule, in the order the source gives them. */
  readonly exclusions: Judged<ExclusionRule>;
}

function evaluateAll(criteria: Criteria, source: FacilitySource): Pass {
  const { request } = criteria;
  const matches = judgedMatches;
  const exclusions = judgedExclusions;
  matches.clear();
  exclusions.clear();
  // Counted in a Map (cheaper than growing an object key by key), in the order rules first exclude.
  const counts = new Map<ExclusionRule, number>();
  const tally = newTally();
  let considered = 0;
  for (const cell of candidatesOf(source, request.origin, request.maxDistanceMiles)) {
    for (let at = 0; at < cell.facts.length; at += 1) {
      const facts = cell.facts[at]!;
      considered += 1;
      // The cheap rules first, in evaluateFacility's order: inactive, then distance; neither is listed as an exclusion.
      if (!facts.active) {
        counts.set('inactive', (counts.get('inactive') ?? 0) + 1);
        continue;
      }
      const distance = distanceTo(criteria, facts);
      if (distance > request.maxDistanceMiles) {
        counts.set('distance', (counts.get('distance') ?? 0) + 1);
        continue;
      }
      const rule = ruleInReach(criteria, facts, tally);
      if (rule === undefined) {
        const score = scoreOf(request, distance, tally.available, tally.lastConfirmed, continuesCare(criteria, facts));
        matches.add(facts, distance, score, cell.cell, cell.idRanks[at]!);
        continue;
      }
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
      exclusions.add(facts, distance, rule, cell.cell, cell.idRanks[at]!);
    }
  }
  if (source instanceof FacilityIndex) {
    // Facilities in cells the search never read are all beyond the distance limit.
    const beyondReach = source.size - considered;
    if (beyondReach > 0) counts.set('distance', (counts.get('distance') ?? 0) + beyondReach);
    considered = source.size;
  }
  const excludedByRule: Partial<Record<ExclusionRule, number>> = {};
  for (const [rule, count] of counts) excludedByRule[rule] = count;
  return { considered, matches, excludedByRule, exclusions };
}

/**
 * Ranks every facility that passes all hard rules, best first, counts what each rule excluded,
 * explains the nearest exclusions, and, when nothing fits, says what would widen the search. Only
 * the matches returned and the exclusions explained are put into words.
 */
export function matchFacilities(request: MatchRequest, source: FacilitySource): MatchResult {
  const criteria = criteriaFor(request);
  const { considered, matches, excludedByRule, exclusions } = evaluateAll(criteria, source);
  const ranked = firstInOrder(matches.length, request.limit ?? DEFAULT_LIMIT, byRank(matches));
  const nearest = firstInOrder(exclusions.length, request.nearbyExclusionsLimit ?? DEFAULT_NEARBY_EXCLUSIONS, exclusions.byNearest);
  const tally = newTally();
  return {
    facilitiesConsidered: considered,
    matches: ranked.map((at) => {
      const facts = matches.facts[at]!;
      // Judged again to have the beds for the words: the same verdict, as the rules are deterministic.
      ruleInReach(criteria, facts, tally);
      return matchInWords(criteria, facts.facility, matches.distances[at]!, tally);
    }),
    excludedByRule,
    nearbyExclusions: nearest.map((at) => {
      const facts = exclusions.facts[at]!;
      const rule = exclusions.verdicts[at]!;
      return {
        facilityId: facts.facility.facilityId,
        name: facts.facility.name,
        city: facts.facility.city,
        state: facts.facility.state,
        distanceMiles: exclusions.distancesMiles[at]!,
        rule,
        detail: exclusionDetail(criteria, facts, rule),
      };
    }),
    suggestions: matches.length > 0 ? [] : suggestWidening(criteria, source, exclusions),
  };
}

/** When nothing fits: a wider radius, a more intensive level, and beds opening soon or waitlists. */
function suggestWidening(criteria: Criteria, source: FacilitySource, exclusions: Judged<ExclusionRule>): Suggestion[] {
  const { request } = criteria;
  const suggestions: Suggestion[] = [];
  const wider = distanceSuggestion(criteria, source);
  if (wider) suggestions.push(wider);

  // Every active facility within reach is among the exclusions, as nothing fits: count those that
  // would fit at each more intensive level.
  const tally = newTally();
  const tried = new Set(criteria.levels);
  for (const level of request.higherLevelsForSuggestions ?? []) {
    if (tried.has(level)) continue;
    const higher = criteriaFor(request, [level]);
    let found = 0;
    for (let at = 0; at < exclusions.length; at += 1) {
      const facts = exclusions.facts[at]!;
      if ((facts.freeLevels & higher.levelMask) !== 0 && ruleInReach(higher, facts, tally) === undefined) found += 1;
    }
    if (found > 0) {
      suggestions.push({
        kind: 'level-of-care',
        levelOfCare: level,
        matches: found,
        text: `${found} ${found === 1 ? 'facility has' : 'facilities have'} a bed in ${level}, a more intensive level`,
      });
    }
  }

  // Facilities that fit in every way but a free bed now: beds opening soon, or a waitlist; nearest first.
  const waiting: { readonly at: number; readonly suggestion: Suggestion }[] = [];
  for (let at = 0; at < exclusions.length; at += 1) {
    if (exclusions.verdicts[at] !== 'no-bed') continue;
    const { facility } = exclusions.facts[at]!;
    const lines = facility.beds.filter((line) => criteria.levels.includes(line.levelOfCare) && bedTypeFits(line.bedType, request.needs));
    const opening24h = lines.reduce((sum, line) => sum + line.opening24h, 0);
    const opening72h = lines.reduce((sum, line) => sum + line.opening72h, 0);
    const waitlist = lines.some((line) => line.waitlist);
    if (opening72h === 0 && !waitlist) continue;
    if (!passesAllButBeds(criteria, exclusions.facts[at]!)) continue;
    const wait = lines.find((line) => line.waitlist)?.typicalWaitDays ?? null;
    waiting.push({
      at,
      suggestion: {
        kind: 'waitlist',
        facilityId: facility.facilityId,
        name: facility.name,
        distanceMiles: exclusions.distancesMiles[at]!,
        opening24h,
        opening72h,
        waitlist,
        typicalWaitDays: wait,
        text:
          opening72h > 0
            ? `${facility.name}: ${opening24h} ${opening24h === 1 ? 'bed' : 'beds'} expected within 24 h, ${opening72h} within 72 h`
            : `${facility.name}: waitlist${wait !== null ? `, typically ${wait} days` : ''}`,
      },
    });
  }
  waiting.sort((a, b) => exclusions.byNearest(a.at, b.at));
  for (const { suggestion } of waiting) suggestions.push(suggestion);
  return suggestions;
}

/**
 * A wider radius that reaches the nearest facility that fits. Widening step by step (twice the
 * limit, four times, … up to WIDEST_SEARCH_MILES) and stopping at the first radius with a match
 * finds the nearest match beyond the limit and within WIDEST_SEARCH_MILES, as whether a facility
 * fits does not depend on the limit once it is within it, and none within the limit fits (or there
 * would be no suggestions). So the cells are read nearest first, and no further than the radius the
 * nearest match found so far would be rounded up to: the rest can hold neither a nearer match nor
 * one within that radius.
 */
function distanceSuggestion(criteria: Criteria, source: FacilitySource): Suggestion | undefined {
  const { request } = criteria;
  const limit = request.maxDistanceMiles;
  if (!(limit < WIDEST_SEARCH_MILES)) return undefined;
  const tally = newTally();
  const fitting: number[] = [];
  let nearest = Infinity;
  let reach = Infinity;
  // Cells are fetched in widening steps, each step only those the steps before did not, so a match
  // found near needs no far cells read at all.
  let pending: { readonly cell: CellListing; readonly atLeast: number }[] = [];
  let fetchedTo = limit;
  let fetchedBefore: number | undefined;
  while (fetchedTo < FARTHEST_SUGGESTION_MILES && !(reach <= fetchedTo)) {
    const doubled = fetchedTo * 2;
    fetchedTo = doubled > fetchedTo ? Math.min(doubled, FARTHEST_SUGGESTION_MILES) : FARTHEST_SUGGESTION_MILES;
    const fetched = candidatesOf(source, request.origin, fetchedTo, fetchedBefore);
    fetchedBefore = fetchedTo;
    for (const cell of fetched) {
      // A cell none of whose facilities can fit is never read.
      if (cell.summary !== undefined && !groupMayFit(criteria, cell.summary)) continue;
      pending.push({ cell, atLeast: cell.bounds ? milesToCellAtLeast(criteria, cell.bounds) : 0 });
    }
    pending.sort((a, b) => a.atLeast - b.atLeast);
    let read = 0;
    for (const { cell, atLeast } of pending) {
      // With room for rounding: a cell is left only when clearly beyond.
      if (atLeast * (1 - 1e-9) > Math.min(reach, fetchedTo)) break;
      read += 1;
      for (let at = 0; at < cell.facts.length; at += 1) {
        const facts = cell.facts[at]!;
        // Without a bed line at an acceptable level that is not full, no rule needs reading.
        if (!facts.active || (facts.freeLevels & criteria.levelMask) === 0) continue;
        const distance = distanceTo(criteria, facts);
        if (!(distance > limit) || distance > FARTHEST_SUGGESTION_MILES || ruleInReach(criteria, facts, tally) !== undefined) continue;
        fitting.push(distance);
        if (distance <= WIDEST_SEARCH_MILES && round(distance, 1) < nearest) {
          nearest = round(distance, 1);
          reach = suggestedRadius(limit, nearest);
        }
      }
    }
    pending = pending.slice(read);
  }
  if (nearest === Infinity) return undefined;
  const radius = suggestedRadius(limit, nearest);
  let within = 0;
  for (const distance of fitting) if (distance <= radius) within += 1;
  return {
    kind: 'distance',
    maxDistanceMiles: radius,
    matches: within,
    text: `${within} ${within === 1 ? 'facility fits' : 'facilities fit'} within ${radius} mi (nearest ${nearest} mi)`,
  };
}

/**
 * The radius to suggest for the nearest match: the next multiple of 5 mi, leaving room for the
 * rounding of distances to 0.1 mi (40.03 mi reads 40 mi but does not fit within 40 mi), and more
 * than the limit.
 */
function suggestedRadius(limit: number, nearest: number): number {
  return Math.max(limit + 1, Math.ceil((nearest + DISTANCE_ROUNDING_MILES) / 5) * 5);
}

/**
 * A lower bound on the distance from the origin to any point of a cell: the latitude gap, the
 * longitude gap and the smaller cosine of the cell's latitudes, each no more than any point has.
 */
function milesToCellAtLeast(criteria: Criteria, bounds: CellBounds): number {
  const north = bounds.south + bounds.degrees;
  const latitudeGap = Math.max(0, bounds.south - criteria.originLatitude, criteria.originLatitude - north);
  const eastOfWest = (((criteria.originLongitude - bounds.west) % 360) + 360) % 360;
  const longitudeGap = eastOfWest <= bounds.degrees ? 0 : Math.min(360 - eastOfWest, eastOfWest - bounds.degrees, 180);
  return distanceMilesAtLeast(latitudeGap, longitudeGap, criteria.originCos, bounds.cosine);
}

/**
 * Whether the facility, active and within reach, would fit if it had a free bed: its bed board
 * replaced by one free general bed at the first acceptable level it offers, confirmed at `asOf`.
 * Such a bed fits any patient, and is fresh unless the request allows no age at all.
 */
function passesAllButBeds(criteria: Criteria, facts: FacilityFacts): boolean {
  const { request } = criteria;
  if (!criteria.levels.some((level) => facts.facility.levelsOfCare.includes(level))) return false;
  if (criteria.freshAtAsOf === undefined) {
    const confirmed = Date.parse(request.asOf.toISOString());
    criteria.freshAtAsOf = criteria.asOfMs - confirmed <= criteria.staleAfterMs;
  }
  if (!criteria.freshAtAsOf) return false;
  return ruleAfterBeds(criteria, facts) === undefined;
}
