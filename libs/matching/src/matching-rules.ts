import type { AgeGroup, BedType, CredentialType, LevelOfCare, Medication, Payer, Population } from '#contracts';
import type { BedCount, FacilitySnapshot } from './facility-snapshot.js';
import { distanceMiles } from './geo-distance.js';
import { FacilityIndex } from './facility-index.js';
import type { MatchRequest, PatientNeeds } from './match-request.js';
import { BEDS_FOR_FULL_SCORE, FRESHNESS_HORIZON_HOURS, RANKING_WEIGHTS } from './ranking-weights.js';

/** The hard rules, named so a planner can tell "no bed" from "not in network". */
export const EXCLUSION_RULES = [
  'inactive',
  'distance',
  'level-of-care',
  'no-bed',
  'stale-count',
  'payer',
  'credential',
  'accreditation',
  'gender',
  'age',
  'pregnancy',
  'co-occurring',
  'court-ordered',
  'medication',
  'language',
] as const;
export type ExclusionRule = (typeof EXCLUSION_RULES)[number];

export interface FacilityMatch {
  readonly facilityId: string;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  /** The level the bed is in: the requested one, or a more intensive one the planner allowed. */
  readonly levelOfCare: LevelOfCare;
  readonly distanceMiles: number;
  readonly bedsAvailable: number;
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

const PAYER_LABELS: Record<Payer, string> = {
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

/** Each bed line's confirmedAt, parsed once (NaN when unreadable); kept while the line's text is the same. */
const confirmedAtCache = new WeakMap<BedCount, { readonly text: string; readonly ms: number }>();

function confirmedAtMs(line: BedCount): number {
  const cached = confirmedAtCache.get(line);
  if (cached !== undefined && cached.text === line.confirmedAt) return cached.ms;
  const ms = Date.parse(line.confirmedAt);
  confirmedAtCache.set(line, { text: line.confirmedAt, ms });
  return ms;
}

/** One bit per bed type, in the order types are named in reasons. */
const BED_TYPE_BITS: Readonly<Record<BedType, number>> = { general: 1, male: 2, female: 4, adolescent: 8 };

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

/** Credentials that are accreditations by an independent body, not a licence or a registration. */
const ACCREDITATIONS: readonly CredentialType[] = ['carf', 'joint-commission', 'coa', 'ncqa', 'hfap'];
/** Where methadone for opioid use disorder can be given: a certified OTP, or a hospital. */
const METHADONE_LEVELS: readonly LevelOfCare[] = ['opioid-treatment-program', 'detox-hospital', 'hospital-inpatient'];

const MEDICATION_LABELS: Record<Medication, string> = {
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  'buprenorphine-extended-release': 'extended-release buprenorphine',
  'naltrexone-oral': 'oral naltrexone',
  'naltrexone-extended-release': 'extended-release naltrexone',
};

interface BedFit {
  readonly levelOfCare: LevelOfCare;
  readonly available: number;
  readonly staffed: number;
  readonly lastConfirmed: number;
  readonly note: string;
}

type BedOutcome = { readonly fit: BedFit } | { readonly rule: 'no-bed' | 'stale-count'; readonly detail: string };

/** The beds that count at one level: lines whose type fits the patient, confirmed recently enough. */
function bedsAtLevel(request: MatchRequest, facility: FacilitySnapshot, level: LevelOfCare): BedOutcome {
  const { needs } = request;
  const asOfMs = request.asOf.getTime();
  const staleAfterMs = request.staleAfterHours * HOUR_MS;
  let levelLines = 0;
  let fitting = 0;
  let fresh = 0;
  let available = 0;
  let staffed = 0;
  let lastConfirmed = -Infinity;
  let freshTypes = 0;
  for (const line of facility.beds) {
    if (line.levelOfCare !== level) continue;
    levelLines += 1;
    if (!bedTypeFits(line.bedType, needs)) continue;
    fitting += 1;
    const confirmed = confirmedAtMs(line);
    // Stale exactly as isBedCountStale decides: an unreadable time (NaN) counts as stale.
    if (!(asOfMs - confirmed <= staleAfterMs)) continue;
    fresh += 1;
    available += line.available;
    staffed += line.staffed;
    if (confirmed > lastConfirmed) lastConfirmed = confirmed;
    freshTypes |= BED_TYPE_BITS[line.bedType] ?? 0;
  }
  if (fitting === 0) {
    return {
      rule: 'no-bed',
      detail: levelLines === 0 ? `no bed count for ${level}` : `no ${level} bed for a ${needs.ageYears}-year-old ${needs.gender} patient`,
    };
  }
  if (fresh === 0) return { rule: 'stale-count', detail: `${level} bed count not confirmed in the last ${request.staleAfterHours} h` };
  const note = bedTypeNote(freshTypes);
  if (available < 1) return { rule: 'no-bed', detail: `no bed free in ${level}${note}` };
  return { fit: { levelOfCare: level, available, staffed, lastConfirmed, note } };
}

/**
 * Applies every hard rule to one facility; the first rule it fails is the one reported. Distance
 * comes first, so a facility far away is "too far" whatever else it lacks, and for one within reach
 * the planner learns the clinical or administrative reason.
 */
export function evaluateFacility(request: MatchRequest, facility: FacilitySnapshot): Evaluation {
  const distance = distanceMiles(request.origin, facility);
  if (!facility.active) return { fits: false, rule: 'inactive', detail: 'facility is not active', distanceMiles: round(distance, 1) };
  if (distance > request.maxDistanceMiles) {
    const distanceRounded = round(distance, 1);
    return { fits: false, rule: 'distance', detail: `${distanceRounded} mi away, beyond ${request.maxDistanceMiles} mi`, distanceMiles: distanceRounded };
  }
  return evaluateInReach(request, facility, distance);
}

/** The rules after `inactive` and `distance`, for an active facility `distance` miles away, within the limit. */
function evaluateInReach(request: MatchRequest, facility: FacilitySnapshot, distance: number): Evaluation {
  const reasons: string[] = [];
  const distanceRounded = round(distance, 1);
  const exclude = (rule: ExclusionRule, detail: string): Evaluation => ({ fits: false, rule, detail, distanceMiles: distanceRounded });

  const levels = acceptableLevelsOf(request);
  const offered = levels.filter((level) => facility.levelsOfCare.includes(level));
  if (offered.length === 0) return exclude('level-of-care', `does not offer ${levels.join(' or ')}`);

  // The first acceptable level (requested first) with a free, fresh bed that fits the patient.
  let beds: BedFit | undefined;
  let firstMiss: { rule: 'no-bed' | 'stale-count'; detail: string } | undefined;
  for (const level of offered) {
    const outcome = bedsAtLevel(request, facility, level);
    if ('fit' in outcome) {
      beds = outcome.fit;
      break;
    }
    firstMiss ??= outcome;
  }
  if (!beds) return exclude(firstMiss!.rule, firstMiss!.detail);
  reasons.push(`${beds.available} of ${beds.staffed} ${beds.levelOfCare} beds free${beds.note}`);
  if (beds.levelOfCare !== request.levelOfCare) reasons.push(`a more intensive level than ${request.levelOfCare}, as allowed`);

  if (request.payer === 'uninsured') {
    const options = UNINSURED_OPTIONS.filter((option) => facility.payers.includes(option));
    if (options.length === 0) return exclude('payer', 'no option for uninsured patients');
    reasons.push(`uninsured patients: ${options.map((option) => PAYER_LABELS[option]).join(', ')}`);
  } else {
    if (!facility.payers.includes(request.payer)) return exclude('payer', `does not accept ${PAYER_LABELS[request.payer]}`);
    reasons.push(`accepts ${PAYER_LABELS[request.payer]}`);
  }

  const valid = facility.credentials.filter((credential) => isCredentialValid(credential, request.asOf));
  if (valid.length === 0) return exclude('credential', 'no valid licence or accreditation');
  if (request.requireAccreditation && !valid.some((credential) => ACCREDITATIONS.includes(credential.type))) {
    return exclude('accreditation', 'no valid accreditation (CARF, Joint Commission, COA, NCQA or HFAP)');
  }
  reasons.push(`valid ${valid.map((credential) => credential.type).join(', ')}`);

  const { needs } = request;
  if (facility.gendersAccepted.length > 0 && !facility.gendersAccepted.includes(needs.gender)) {
    return exclude('gender', `does not accept ${needs.gender} patients`);
  }
  const ageGroups = ageGroupsFor(needs.ageYears);
  if (facility.ageGroupsAccepted.length > 0 && !ageGroups.some((group) => facility.ageGroupsAccepted.includes(group))) {
    return exclude('age', `does not accept patients aged ${needs.ageYears}`);
  }
  const requirePopulation = (needed: boolean, population: Population, rule: ExclusionRule, label: string): Evaluation | null => {
    if (!needed) return null;
    if (!facility.populations.includes(population)) return exclude(rule, `no program for ${label}`);
    reasons.push(`serves ${label}`);
    return null;
  };
  const populationMiss =
    requirePopulation(needs.pregnant, 'pregnant-postpartum', 'pregnancy', 'pregnant or postpartum women') ??
    requirePopulation(needs.coOccurringMentalIllness, 'co-occurring', 'co-occurring', 'co-occurring mental illness') ??
    requirePopulation(needs.courtOrdered, 'criminal-justice', 'court-ordered', 'criminal-justice clients');
  if (populationMiss) return populationMiss;

  if (needs.medication) {
    const label = MEDICATION_LABELS[needs.medication];
    if (needs.medication === 'methadone') {
      if (!METHADONE_LEVELS.some((level) => facility.levelsOfCare.includes(level))) {
        return exclude('medication', 'methadone is continued only in an opioid treatment program or a hospital');
      }
      reasons.push('continues methadone');
    } else if (facility.medications.includes(needs.medication)) {
      reasons.push(`provides ${label}`);
    } else if (facility.continuesExternalMedication === true) {
      reasons.push(`continues ${label} prescribed elsewhere`);
    } else {
      return exclude('medication', `does not continue ${label}`);
    }
  }

  if (needs.language && needs.language !== 'english') {
    if (!facility.languages.includes(needs.language)) return exclude('language', `no care in ${needs.language}`);
    reasons.push(`care in ${needs.language}`);
  }

  reasons.push(`${distanceRounded} mi away`);
  const continuing = (request.nextStepLevels ?? []).filter((level) => facility.levelsOfCare.includes(level));
  if (continuing.length > 0) reasons.push(`also offers ${continuing.join(', ')}: no gap before the next level of care`);

  const ageHours = Math.max(0, (request.asOf.getTime() - beds.lastConfirmed) / HOUR_MS);
  const score =
    RANKING_WEIGHTS.distance * (1 - distance / request.maxDistanceMiles) +
    RANKING_WEIGHTS.bedsAvailable * Math.min(1, beds.available / BEDS_FOR_FULL_SCORE) +
    RANKING_WEIGHTS.freshness * Math.max(0, 1 - ageHours / FRESHNESS_HORIZON_HOURS) +
    RANKING_WEIGHTS.continuity * (continuing.length > 0 ? 1 : 0);

  return {
    fits: true,
    match: {
      facilityId: facility.facilityId,
      name: facility.name,
      city: facility.city,
      state: facility.state,
      levelOfCare: beds.levelOfCare,
      distanceMiles: distanceRounded,
      bedsAvailable: beds.available,
      score: round(score, 4),
      reasons,
    },
  };
}

const DEFAULT_LIMIT = 20;
const DEFAULT_NEARBY_EXCLUSIONS = 10;
/** How far a "widen the distance" suggestion looks. */
const WIDEST_SEARCH_MILES = 250;
/** Half the 0.1 mi a reported distance is rounded to. */
const DISTANCE_ROUNDING_MILES = 0.05;

/** Where facilities come from: a plain list (tests, small sets) or the grid index (the matcher). */
export type FacilitySource = Iterable<FacilitySnapshot> | FacilityIndex;

const byRank = (a: FacilityMatch, b: FacilityMatch): number =>
  b.score - a.score || a.distanceMiles - b.distanceMiles || a.facilityId.localeCompare(b.facilityId);

type PassExclusion = Pass['exclusions'][number];

/** Nearest first; ties on the rounded distance go by facility id. */
const byNearest = (a: PassExclusion, b: PassExclusion): number =>
  a.evaluation.distanceMiles - b.evaluation.distanceMiles || a.facility.facilityId.localeCompare(b.facility.facilityId);

/**
 * The first `count` exclusions in `byNearest` order, as a stable sort then `slice(0, count)` would
 * give them, without sorting them all: a sorted window of at most `count`, each newcomer placed after
 * every kept exclusion that does not come after it.
 */
function nearestExclusions(exclusions: readonly PassExclusion[], count: number): PassExclusion[] {
  const kept: PassExclusion[] = [];
  if (count <= 0) return kept;
  for (const exclusion of exclusions) {
    if (kept.length === count && byNearest(exclusion, kept[count - 1]!) >= 0) continue;
    let at = kept.length;
    while (at > 0 && byNearest(exclusion, kept[at - 1]!) < 0) at -= 1;
    kept.splice(at, 0, exclusion);
    if (kept.length > count) kept.pop();
  }
  return kept;
}

interface Pass {
  readonly considered: number;
  readonly matches: FacilityMatch[];
  readonly excludedByRule: Partial<Record<ExclusionRule, number>>;
  readonly exclusions: { facility: FacilitySnapshot; evaluation: Extract<Evaluation, { fits: false }> }[];
}

function evaluateAll(request: MatchRequest, source: FacilitySource): Pass {
  const matches: FacilityMatch[] = [];
  const excludedByRule: Partial<Record<ExclusionRule, number>> = {};
  const exclusions: Pass['exclusions'] = [];
  let considered = 0;
  let beyondReach = 0;
  const candidates = source instanceof FacilityIndex ? source.near(request.origin, request.maxDistanceMiles) : source;
  for (const facility of candidates) {
    considered += 1;
    // The cheap rules first, in evaluateFacility's order: inactive, then distance; neither is listed as an exclusion.
    if (!facility.active) {
      excludedByRule.inactive = (excludedByRule.inactive ?? 0) + 1;
      continue;
    }
    const distance = distanceMiles(request.origin, facility);
    if (distance > request.maxDistanceMiles) {
      excludedByRule.distance = (excludedByRule.distance ?? 0) + 1;
      continue;
    }
    const evaluation = evaluateInReach(request, facility, distance);
    if (evaluation.fits) {
      matches.push(evaluation.match);
      continue;
    }
    excludedByRule[evaluation.rule] = (excludedByRule[evaluation.rule] ?? 0) + 1;
    exclusions.push({ facility, evaluation });
  }
  if (source instanceof FacilityIndex) {
    // Facilities in cells the search never read are all beyond the distance limit.
    beyondReach = source.size - considered;
    if (beyondReach > 0) excludedByRule.distance = (excludedByRule.distance ?? 0) + beyondReach;
    considered = source.size;
  }
  return { considered, matches, excludedByRule, exclusions };
}

/**
 * Ranks every facility that passes all hard rules, best first, counts what each rule excluded,
 * explains the nearest exclusions, and, when nothing fits, says what would widen the search.
 */
export function matchFacilities(request: MatchRequest, source: FacilitySource): MatchResult {
  const pass = evaluateAll(request, source);
  pass.matches.sort(byRank);
  const nearbyLimit = request.nearbyExclusionsLimit ?? DEFAULT_NEARBY_EXCLUSIONS;
  // When nothing fits, suggestWidening walks pass.exclusions in this order (its waitlist suggestions),
  // so sort them all; otherwise only the nearest few are needed. A limit that is not a whole number
  // of at least 0 keeps slice's own reading of it.
  const nearest =
    pass.matches.length > 0 && Number.isInteger(nearbyLimit) && nearbyLimit >= 0
      ? nearestExclusions(pass.exclusions, nearbyLimit)
      : pass.exclusions.sort(byNearest).slice(0, nearbyLimit);
  const nearbyExclusions = nearest
    .map(({ facility, evaluation }) => ({
      facilityId: facility.facilityId,
      name: facility.name,
      city: facility.city,
      state: facility.state,
      distanceMiles: evaluation.distanceMiles,
      rule: evaluation.rule,
      detail: evaluation.detail,
    }));
  return {
    facilitiesConsidered: pass.considered,
    matches: pass.matches.slice(0, request.limit ?? DEFAULT_LIMIT),
    excludedByRule: pass.excludedByRule,
    nearbyExclusions,
    suggestions: pass.matches.length > 0 ? [] : suggestWidening(request, source, pass),
  };
}

/** When nothing fits: a wider radius, a more intensive level, and beds opening soon or waitlists. */
export function suggestWidening(request: MatchRequest, source: FacilitySource, pass: Pass): Suggestion[] {
  const suggestions: Suggestion[] = [];
  if (request.maxDistanceMiles < WIDEST_SEARCH_MILES) {
    // Widen step by step (twice the limit, four times, … up to WIDEST_SEARCH_MILES) and stop at the
    // first radius with a match: whether a facility fits does not depend on the limit once it is
    // within it, so the nearest match there is the nearest within WIDEST_SEARCH_MILES.
    let searched = request.maxDistanceMiles;
    let wider: FacilityMatch[] = [];
    while (wider.length === 0 && searched < WIDEST_SEARCH_MILES) {
      const doubled = searched * 2;
      searched = doubled > searched ? Math.min(doubled, WIDEST_SEARCH_MILES) : WIDEST_SEARCH_MILES;
      wider = evaluateAll({ ...request, maxDistanceMiles: searched }, source).matches;
    }
    if (wider.length > 0) {
      let nearest = Infinity;
      for (const match of wider) if (match.distanceMiles < nearest) nearest = match.distanceMiles;
      // Match distances are rounded to 0.1 mi (40.03 mi reads 40 mi but does not fit within 40 mi):
      // leave room for the rounding, and count what a search at `radius` really finds.
      const radius = Math.max(request.maxDistanceMiles + 1, Math.ceil((nearest + DISTANCE_ROUNDING_MILES) / 5) * 5);
      const within = radius === searched ? wider.length : evaluateAll({ ...request, maxDistanceMiles: radius }, source).matches.length;
      suggestions.push({
        kind: 'distance',
        maxDistanceMiles: radius,
        matches: within,
        text: `${within} ${within === 1 ? 'facility fits' : 'facilities fit'} within ${radius} mi (nearest ${nearest} mi)`,
      });
    }
  }
  const tried = new Set(acceptableLevelsOf(request));
  for (const level of request.higherLevelsForSuggestions ?? []) {
    if (tried.has(level)) continue;
    const found = evaluateAll({ ...request, acceptableLevels: [level] }, source).matches.length;
    if (found > 0) {
      suggestions.push({
        kind: 'level-of-care',
        levelOfCare: level,
        matches: found,
        text: `${found} ${found === 1 ? 'facility has' : 'facilities have'} a bed in ${level}, a more intensive level`,
      });
    }
  }
  // Facilities that fit in every way but a free bed now: beds opening soon, or a waitlist.
  for (const { facility, evaluation } of pass.exclusions) {
    if (evaluation.rule !== 'no-bed') continue;
    const lines = facility.beds.filter(
      (line) => acceptableLevelsOf(request).includes(line.levelOfCare) && bedTypeFits(line.bedType, request.needs),
    );
    const opening24h = lines.reduce((sum, line) => sum + line.opening24h, 0);
    const opening72h = lines.reduce((sum, line) => sum + line.opening72h, 0);
    const waitlist = lines.some((line) => line.waitlist);
    if (opening72h === 0 && !waitlist) continue;
    if (!passesAllButBeds(request, facility)) continue;
    const wait = lines.find((line) => line.waitlist)?.typicalWaitDays ?? null;
    suggestions.push({
      kind: 'waitlist',
      facilityId: facility.facilityId,
      name: facility.name,
      distanceMiles: evaluation.distanceMiles,
      opening24h,
      opening72h,
      waitlist,
      typicalWaitDays: wait,
      text:
        opening72h > 0
          ? `${facility.name}: ${opening24h} ${opening24h === 1 ? 'bed' : 'beds'} expected within 24 h, ${opening72h} within 72 h`
          : `${facility.name}: waitlist${wait !== null ? `, typically ${wait} days` : ''}`,
    });
  }
  return suggestions;
}

/** Whether the facility would fit if it had a free bed: the bed board replaced by one free general bed. */
function passesAllButBeds(request: MatchRequest, facility: FacilitySnapshot): boolean {
  const level = acceptableLevelsOf(request).find((candidate) => facility.levelsOfCare.includes(candidate));
  if (!level) return false;
  const withBed: FacilitySnapshot = {
    ...facility,
    beds: [
      {
        levelOfCare: level, bedType: 'general', staffed: 1, available: 1, opening24h: 0, opening72h: 0,
        waitlist: false, typicalWaitDays: null, confirmedAt: request.asOf.toISOString(),
      },
    ],
  };
  return evaluateFacility(request, withBed).fits;
}
