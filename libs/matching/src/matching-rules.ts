import type { AgeGroup, BedType, Payer, Population } from '#contracts';
import type { BedCount, FacilitySnapshot } from './facility-snapshot.js';
import { distanceMiles } from './geo-distance.js';
import type { MatchRequest, PatientNeeds } from './match-request.js';
import { BEDS_FOR_FULL_SCORE, FRESHNESS_HORIZON_HOURS, RANKING_WEIGHTS } from './ranking-weights.js';

/** The hard rules, named so a planner can tell "no bed" from "not in network". */
export const EXCLUSION_RULES = [
  'inactive',
  'level-of-care',
  'no-bed',
  'stale-count',
  'payer',
  'credential',
  'gender',
  'age',
  'pregnancy',
  'co-occurring',
  'court-ordered',
  'distance',
] as const;
export type ExclusionRule = (typeof EXCLUSION_RULES)[number];

export interface FacilityMatch {
  readonly facilityId: string;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  readonly distanceMiles: number;
  readonly bedsAvailable: number;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface MatchResult {
  readonly facilitiesConsidered: number;
  readonly matches: readonly FacilityMatch[];
  readonly excludedByRule: Readonly<Partial<Record<ExclusionRule, number>>>;
}

export type Evaluation =
  | { readonly fits: true; readonly match: FacilityMatch }
  | { readonly fits: false; readonly rule: ExclusionRule; readonly detail: string };

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

/** "" for general beds only, otherwise e.g. " (general and male beds)". */
function bedTypeNote(lines: readonly BedCount[]): string {
  const types = BED_TYPE_ORDER.filter((type) => lines.some((line) => line.bedType === type));
  return types.length === 1 && types[0] === 'general' ? '' : ` (${types.join(' and ')} beds)`;
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

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Applies every hard rule to one facility; the first rule it fails is the one reported. */
export function evaluateFacility(request: MatchRequest, facility: FacilitySnapshot): Evaluation {
  const reasons: string[] = [];
  const exclude = (rule: ExclusionRule, detail: string): Evaluation => ({ fits: false, rule, detail });

  if (!facility.active) return exclude('inactive', 'facility is not active');
  if (!facility.levelsOfCare.includes(request.levelOfCare)) {
    return exclude('level-of-care', `does not offer ${request.levelOfCare}`);
  }
  const { needs } = request;
  // The beds that count: lines of the requested level whose type fits the patient, confirmed recently enough.
  const levelLines = facility.beds.filter((line) => line.levelOfCare === request.levelOfCare);
  const fitting = levelLines.filter((line) => bedTypeFits(line.bedType, needs));
  if (fitting.length === 0) {
    return exclude(
      'no-bed',
      levelLines.length === 0
        ? `no bed count for ${request.levelOfCare}`
        : `no ${request.levelOfCare} bed for a ${needs.ageYears}-year-old ${needs.gender} patient`,
    );
  }
  const fresh = fitting.filter((line) => !isBedCountStale(line.confirmedAt, request.asOf, request.staleAfterHours));
  if (fresh.length === 0) {
    return exclude('stale-count', `${request.levelOfCare} bed count not confirmed in the last ${request.staleAfterHours} h`);
  }
  const bedsAvailable = fresh.reduce((sum, line) => sum + line.available, 0);
  const bedsStaffed = fresh.reduce((sum, line) => sum + line.staffed, 0);
  const typeNote = bedTypeNote(fresh);
  if (bedsAvailable < 1) return exclude('no-bed', `no bed free in ${request.levelOfCare}${typeNote}`);
  reasons.push(`${bedsAvailable} of ${bedsStaffed} ${request.levelOfCare} beds free${typeNote}`);
  const lastConfirmed = Math.max(...fresh.map((line) => Date.parse(line.confirmedAt)));

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
  reasons.push(`valid ${valid.map((credential) => credential.type).join(', ')}`);

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

  const distance = distanceMiles(request.origin, facility);
  if (distance > request.maxDistanceMiles) {
    return exclude('distance', `${round(distance, 1)} mi away, beyond ${request.maxDistanceMiles} mi`);
  }
  reasons.push(`${round(distance, 1)} mi away`);

  const ageHours = Math.max(0, (request.asOf.getTime() - lastConfirmed) / HOUR_MS);
  const score =
    RANKING_WEIGHTS.distance * (1 - distance / request.maxDistanceMiles) +
    RANKING_WEIGHTS.bedsAvailable * Math.min(1, bedsAvailable / BEDS_FOR_FULL_SCORE) +
    RANKING_WEIGHTS.freshness * Math.max(0, 1 - ageHours / FRESHNESS_HORIZON_HOURS);

  return {
    fits: true,
    match: {
      facilityId: facility.facilityId,
      name: facility.name,
      city: facility.city,
      state: facility.state,
      distanceMiles: round(distance, 1),
      bedsAvailable,
      score: round(score, 4),
      reasons,
    },
  };
}

const DEFAULT_LIMIT = 20;

/** Ranks every facility that passes all hard rules, best first, and counts what each rule excluded. */
export function matchFacilities(request: MatchRequest, facilities: Iterable<FacilitySnapshot>): MatchResult {
  const matches: FacilityMatch[] = [];
  const excludedByRule: Partial<Record<ExclusionRule, number>> = {};
  let considered = 0;
  for (const facility of facilities) {
    considered += 1;
    const evaluation = evaluateFacility(request, facility);
    if (evaluation.fits) matches.push(evaluation.match);
    else excludedByRule[evaluation.rule] = (excludedByRule[evaluation.rule] ?? 0) + 1;
  }
  matches.sort(
    (a, b) => b.score - a.score || a.distanceMiles - b.distanceMiles || a.facilityId.localeCompare(b.facilityId),
  );
  return { facilitiesConsidered: considered, matches: matches.slice(0, request.limit ?? DEFAULT_LIMIT), excludedByRule };
}
