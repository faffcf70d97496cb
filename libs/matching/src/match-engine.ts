import type { ExclusionRule } from '#vocabulary';
import { factsOf, recordOf, type FacilityFacts } from './facility-facts.js';
import { FacilityIndex, milesToCellAtLeast, PLACE_STRIDE } from './facility-index.js';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { candidatesOf, type FacilitySource } from './facility-source.js';
import { chordBoundsForMiles, milesAtLeastForChordSquared, unitVectorOf } from './geo-distance.js';
import { continuesCare, distanceTo, distanceToFacility, newTally, ruleInReach } from './hard-rules.js';
import { firstInOrder, Judged } from './judged-facilities.js';
import { criteriaFor, type Criteria } from './match-criteria.js';
import { exclusionDetail, matchInWords } from './match-explanations.js';
import { rankTier, scoreOf } from './match-ranking.js';
import type { MatchRequest } from './match-request.js';
import type { Evaluation, MatchResult } from './match-result.js';
import { RuleCounts } from './rule-counts.js';
import { BestWindow, NearestWindow, windowSize } from './search-windows.js';
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
  const records = recordOf(facts);
  const distance = distanceToFacility(criteria, facts);
  const outOfReach: ExclusionRule | undefined = !facts.active ? 'inactive' : distance > request.maxDistanceMiles ? 'distance' : undefined;
  const rule = outOfReach ?? ruleInReach(criteria, records, 0, facts, tally);
  if (rule !== undefined) return { fits: false, rule, detail: exclusionDetail(criteria, facts, rule), distanceMiles: round(distance, 1) };
  const tier = rankTier(criteria, records, 0, facts);
  return { fits: true, match: matchInWords(criteria, facts, distance, tally, continuesCare(criteria, records, 0, facts), tier) };
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
  /** How many facilities fit. */
  readonly fitting: number;
  /** Scored: at least those that fit and may be among the `limit` best. */
  readonly matches: Judged<number>;
  readonly excludedByRule: Partial<Record<ExclusionRule, number>>;
  /**
   * Active facilities within reach that fail a rule: when nothing fits, every one of them; otherwise
   * at least those that may be among the `nearbyExclusionsLimit` nearest. The distance of one that
   * cannot be among them may be left unknown (NaN); the others are listed in `near`.
   */
  readonly exclusions: Judged<ExclusionRule>;
  /** The positions in `exclusions` of those that may be among the nearest, in the order they were judged. */
  readonly near: readonly number[];
}

/** Pass.near of the search under way. */
const nearExclusions: number[] = [];

/** The counts of the search under way (see tally). */
const ruleCounts = new RuleCounts();

/** Facilities per cell are fewer than this: a facility's place in the source's order is its cell's place times this, plus its own. */
const PLACES_PER_CELL = 2 ** 22;

/**
 * Judges every active facility within reach, reading cells nearest first. A cell wholly beyond reach
 * is counted without being read; a facility is placed within or beyond reach by its squared chord to
 * the origin, with distanceMiles asked only near the limit; a facility that offers none of the levels
 * is excluded from its level bits; and an exclusion's distance is worked out only when it may be among
 * the nearest exclusions, or while nothing fits (the suggestions then read every exclusion).
 */
function evaluateAll(criteria: Criteria, source: FacilitySource): Pass {
  const { request } = criteria;
  const limit = request.maxDistanceMiles;
  const matches = judgedMatches;
  const exclusions = judgedExclusions;
  const near = nearExclusions;
  matches.clear();
  exclusions.clear();
  near.length = 0;
  const counts = ruleCounts;
  counts.clear();
  const nearestLimit = request.nearbyExclusionsLimit ?? DEFAULT_NEARBY_EXCLUSIONS;
  // firstInOrder sorts everything for a count that is not a whole number of at least 0: keep every exclusion then.
  const window = new NearestWindow(windowSize(nearestLimit));
  const best = new BestWindow(windowSize(request.limit ?? DEFAULT_LIMIT));
  let fitting = 0;
  const reach = chordBoundsForMiles(limit);
  const [originX, originY, originZ] = unitVectorOf(request.origin.latitude, request.origin.longitude);
  const cells = candidatesOf(source, request.origin, limit);
  const atLeast = cells.map((cell) =>
    cell.bounds === undefined ? 0 : milesToCellAtLeast(criteria.originLatitude, criteria.originLongitude, criteria.originCos, cell.bounds),
  );
  const order = cells.map((_, position) => position).sort((a, b) => atLeast[a]! - atLeast[b]!);
  let considered = 0;
  for (const position of order) {
    const cell = cells[position]!;
    const base = position * PLACES_PER_CELL;
    const size = cell.facts.length;
    considered += size;
    if (cell.inactive > 0) counts.add('inactive', cell.inactive, base + cell.firstInactive);
    if (cell.inactive === size) continue;
    // With room for rounding: a cell is passed over only when clearly beyond.
    if (atLeast[position]! * (1 - 1e-9) > limit) {
      counts.add('distance', size - cell.inactive, base + cell.firstActive);
      continue;
    }
    const { unitVectors, coordinates, levels, active, records, offsets } = cell;
    for (let at = 0; at < size; at += 1) {
      if (active[at] === 0) continue;
      const place = at * PLACE_STRIDE;
      const dx = unitVectors[place]! - originX;
      const dy = unitVectors[place + 1]! - originY;
      const dz = unitVectors[place + 2]! - originZ;
      const chord = dx * dx + dy * dy + dz * dz;
      if (chord > reach.beyond) {
        counts.add('distance', 1, base + at);
        continue;
      }
      // NaN until needed; a facility whose distance is not a number (nor its chord) is within reach, as distance > limit is false.
      let distance = NaN;
      if (!(chord < reach.within)) {
        distance = distanceTo(criteria, coordinates[place]!, coordinates[place + 1]!, coordinates[place + 2]!);
        if (distance > limit) {
          counts.add('distance', 1, base + at);
          continue;
        }
      }
      const facts = cell.facts[at]!;
      const record = records[at]!;
      const offset = offsets[at]!;
      const rule = (levels[at]! & criteria.levelMask) === 0 ? 'level-of-care' : ruleInReach(criteria, record, offset, facts, tally);
      if (rule === undefined) {
        fitting += 1;
        const continues = continuesCare(criteria, record, offset, facts);
        const tier = rankTier(criteria, record, offset, facts);
        // A match that cannot be among the best needs no distance: its score is at most the one it would have at the chord's length.
        const nearest = distance === distance ? distance : milesAtLeastForChordSquared(chord);
        if (!best.mayEnter(tier, scoreOf(request, nearest, tally.available, tally.lastConfirmed, continues))) continue;
        if (distance !== distance) distance = distanceTo(criteria, coordinates[place]!, coordinates[place + 1]!, coordinates[place + 2]!);
        const score = scoreOf(request, distance, tally.available, tally.lastConfirmed, continues);
        matches.add(facts, record, offset, distance, score, tier, cell.cell, cell.idRanks[at]!);
        best.offer(tier, score);
        continue;
      }
      counts.add(rule, 1, base + at);
      // An exclusion that cannot be among the nearest needs no distance; it is kept only while nothing fits, for the suggestions.
      const mayBeNear = !(chord > window.beyond);
      if (!mayBeNear && fitting > 0) continue;
      if (mayBeNear && distance !== distance)
        distance = distanceTo(criteria, coordinates[place]!, coordinates[place + 1]!, coordinates[place + 2]!);
      exclusions.add(facts, record, offset, mayBeNear ? distance : NaN, rule, 0, cell.cell, cell.idRanks[at]!);
      if (mayBeNear) {
        near.push(exclusions.length - 1);
        window.offer(exclusions.distancesMiles[exclusions.length - 1]!);
      }
    }
  }
  if (source instanceof FacilityIndex) {
    // Facilities in cells the search never read are all beyond the distance limit.
    const beyondReach = source.size - considered;
    if (beyondReach > 0) counts.add('distance', beyondReach, Infinity);
    considered = source.size;
  }
  return { considered, fitting, matches, excludedByRule: counts.toRecord(), exclusions, near };
}

/**
 * Ranks every facility that passes all hard rules, best first, counts what each rule excluded,
 * explains the nearest exclusions, and, when nothing fits, says what would widen the search. Only
 * the matches returned and the exclusions explained are put into words.
 */
export function matchFacilities(request: MatchRequest, source: FacilitySource): MatchResult {
  const criteria = criteriaFor(request);
  const { considered, fitting, matches, excludedByRule, exclusions, near } = evaluateAll(criteria, source);
  const ranked = firstInOrder(matches.length, request.limit ?? DEFAULT_LIMIT, byRank(matches));
  const nearest = firstInOrder(near.length, request.nearbyExclusionsLimit ?? DEFAULT_NEARBY_EXCLUSIONS, (a, b) =>
    exclusions.byNearest(near[a]!, near[b]!),
  ).map((at) => near[at]!);
  return {
    facilitiesConsidered: considered,
    matches: ranked.map((at) => {
      const facts = matches.facts[at]!;
      const records = matches.records[at]!;
      const offset = matches.offsets[at]!;
      // Judged again to have the beds for the words: the same verdict, as the rules are deterministic.
      ruleInReach(criteria, records, offset, facts, tally);
      const continues = continuesCare(criteria, records, offset, facts);
      return matchInWords(criteria, facts, matches.distances[at]!, tally, continues, matches.tiers[at]!);
    }),
    excludedByRule,
    nearbyExclusions: nearest.map((at) =>
      exclusionOf(criteria, exclusions.facts[at]!, exclusions.distancesMiles[at]!, exclusions.verdicts[at]!),
    ),
    suggestions: fitting > 0 ? [] : suggestWidening(criteria, source, exclusions),
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
