import type { ExclusionRule } from '#vocabulary';
import { factsOf, type FacilityFacts } from './facility-facts.js';
import { FacilityIndex } from './facility-index.js';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { candidatesOf, type FacilitySource } from './facility-source.js';
import { continuesCare, distanceTo, newTally, ruleInReach } from './hard-rules.js';
import { firstInOrder, Judged } from './judged-facilities.js';
import { criteriaFor, type Criteria } from './match-criteria.js';
import { exclusionDetail, matchInWords } from './match-explanations.js';
import { rankTier, scoreOf } from './match-ranking.js';
import type { MatchRequest } from './match-request.js';
import type { Evaluation, MatchResult } from './match-result.js';
import { round } from './rule-terms.js';
import { suggestWidening } from './widening-suggestions.js';

// The search: every facility within reach judged by the hard rules (hard-rules.ts), the matches ranked
// (match-ranking.ts), the returned ones and the nearest exclusions put into words (match-explanations.ts),
// and when nothing fits, what would widen the search (widening-suggestions.ts).

const DEFAULT_LIMIT = 20;
const DEFAULT_NEARBY_EXCLUSIONS = 10;

/** The bed tally of the search under way; a search runs start to end without yielding. */
const tally = newTally();

/**
 * The columns of the search under way. A search runs start to end without yielding, and nothing
 * in it searches again, so one set serves every search; what a result holds is copied out of them.
 */
const judgedMatches = new Judged<number>();
const judgedExclusions = new Judged<ExclusionRule>();

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
  const rule = outOfReach ?? ruleInReach(criteria, facts, tally);
  if (rule !== undefined) return { fits: false, rule, detail: exclusionDetail(criteria, facts, rule), distanceMiles: round(distance, 1) };
  return { fits: true, match: matchInWords(criteria, facts, distance, tally, continuesCare(criteria, facts)) };
}

/** Higher tier first (rankTier), then best score, then nearest (rounded), then facility id. */
const byRank =
  (matches: Judged<number>) =>
  (a: number, b: number): number => {
    const tierA = matches.tiers[a]!;
    const tierB = matches.tiers[b]!;
    if (tierA > tierB) return -1;
    if (tierA < tierB) return 1;
    const scoreA = matches.verdicts[a]!;
    const scoreB = matches.verdicts[b]!;
    if (scoreA > scoreB) return -1;
    if (scoreA < scoreB) return 1;
    return matches.byNearest(a, b);
  };

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
        matches.add(facts, distance, score, rankTier(criteria, facts), cell.cell, cell.idRanks[at]!);
        continue;
      }
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
      exclusions.add(facts, distance, rule, 0, cell.cell, cell.idRanks[at]!);
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
  return {
    facilitiesConsidered: considered,
    matches: ranked.map((at) => {
      const facts = matches.facts[at]!;
      // Judged again to have the beds for the words: the same verdict, as the rules are deterministic.
      ruleInReach(criteria, facts, tally);
      return matchInWords(criteria, facts, matches.distances[at]!, tally, continuesCare(criteria, facts));
    }),
    excludedByRule,
    nearbyExclusions: nearest.map((at) =>
      exclusionOf(criteria, exclusions.facts[at]!, exclusions.distancesMiles[at]!, exclusions.verdicts[at]!),
    ),
    suggestions: matches.length > 0 ? [] : suggestWidening(criteria, source, exclusions),
  };
}

function exclusionOf(criteria: Criteria, facts: FacilityFacts, distanceMiles: number, rule: ExclusionRule) {
  const { facility } = facts;
  return {
    facilityId: facility.facilityId,
    name: facility.name,
    city: facility.city,
    state: facility.state,
    distanceMiles,
    rule,
    detail: exclusionDetail(criteria, facts, rule),
  };
}
