import type { ExclusionRule } from '#vocabulary';
import {
  BED_LEVEL,
  BED_STRIDE,
  BED_TYPE,
  R_BED_LINES,
  R_BEDS,
  R_FREE_LEVELS,
  RECORD_PROSPECT_STRIDE,
  RP_OPENING_24H,
  RP_OPENING_72H,
  RP_WAITLIST,
  SHARED_BIT,
} from './facility-facts.js';
import { milesToCellAtLeast, PLACE_STRIDE, type CellListing } from './facility-index.js';
import { chordBoundsForMiles, unitVectorOf } from './geo-distance.js';
import { candidatesOf, type FacilitySource } from './facility-source.js';
import { distanceTo, distanceToFacility, groupMayFit, newTally, passesAllButBeds, ruleInReach } from './hard-rules.js';
import type { Judged } from './judged-facilities.js';
import { criteriaFor, type Criteria } from './match-criteria.js';
import type { Suggestion } from './match-result.js';
import { bedTypeFits, round } from './rule-terms.js';

// What would widen a search that found nothing: a wider radius, a more intensive level, beds opening soon.

/** How far a "widen the distance" suggestion looks. */
const WIDEST_SEARCH_MILES = 250;
/** Half the 0.1 mi a reported distance is rounded to. */
const DISTANCE_ROUNDING_MILES = 0.05;
/** The widest radius a distance suggestion can name: a match just within WIDEST_SEARCH_MILES, rounded up. */
const FARTHEST_SUGGESTION_MILES = Math.ceil((WIDEST_SEARCH_MILES + DISTANCE_ROUNDING_MILES) / 5) * 5;

/** When nothing fits: a wider radius, a more intensive level, and beds opening soon or waitlists. */
export function suggestWidening(criteria: Criteria, source: FacilitySource, exclusions: Judged<ExclusionRule>): Suggestion[] {
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
      const records = exclusions.records[at]!;
      const offset = exclusions.offsets[at]!;
      if (
        (records[offset + R_FREE_LEVELS]! & higher.levelMask) !== 0 &&
        ruleInReach(higher, records, offset, exclusions.facts[at]!, tally) === undefined
      )
        found += 1;
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
  // The bed lines at an acceptable level whose type fits the patient are read from the record; the
  // snapshot only for a facility that is suggested.
  const waiting: { readonly at: number; readonly suggestion: Suggestion }[] = [];
  for (let at = 0; at < exclusions.length; at += 1) {
    if (exclusions.verdicts[at] !== 'no-bed') continue;
    const facts = exclusions.facts[at]!;
    const records = exclusions.records[at]!;
    const offset = exclusions.offsets[at]!;
    let opening24h = 0;
    let opening72h = 0;
    let waitlist = false;
    const count = records[offset + R_BED_LINES]!;
    const prospects = offset + R_BEDS + count * BED_STRIDE;
    for (let line = 0; line < count; line += 1) {
      const lineAt = offset + R_BEDS + line * BED_STRIDE;
      const levelBit = records[lineAt + BED_LEVEL]! | 0;
      const atLevel =
        levelBit !== SHARED_BIT ? (levelBit & criteria.levelMask) !== 0 : criteria.levels.includes(facts.facility.beds[line]!.levelOfCare);
      if (!atLevel || ((records[lineAt + BED_TYPE]! | 0) & criteria.bedTypes) === 0) continue;
      const prospect = prospects + line * RECORD_PROSPECT_STRIDE;
      opening24h += records[prospect + RP_OPENING_24H]!;
      opening72h += records[prospect + RP_OPENING_72H]!;
      if (records[prospect + RP_WAITLIST] !== 0) waitlist = true;
    }
    if (opening72h === 0 && !waitlist) continue;
    if (!passesAllButBeds(criteria, records, offset, facts)) continue;
    // Left unknown by the search when it could not be among the nearest exclusions.
    if (Number.isNaN(exclusions.distances[at])) exclusions.setDistance(at, distanceToFacility(criteria, facts));
    const { facility } = facts;
    const lines = facility.beds.filter((line) => criteria.levels.includes(line.levelOfCare) && bedTypeFits(line.bedType, request.needs));
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
  const [originX, originY, originZ] = unitVectorOf(request.origin.latitude, request.origin.longitude);
  const withinLimit = chordBoundsForMiles(limit).within;
  const beyondFarthest = chordBoundsForMiles(FARTHEST_SUGGESTION_MILES).beyond;
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
      if (cell.summary !== undefined && cell.summaryRecord !== undefined && !groupMayFit(criteria, cell.summary, cell.summaryRecord))
        continue;
      pending.push({
        cell,
        atLeast: cell.bounds ? milesToCellAtLeast(criteria.originLatitude, criteria.originLongitude, criteria.originCos, cell.bounds) : 0,
      });
    }
    pending.sort((a, b) => a.atLeast - b.atLeast);
    let read = 0;
    for (const { cell, atLeast } of pending) {
      // With room for rounding: a cell is left only when clearly beyond.
      if (atLeast * (1 - 1e-9) > Math.min(reach, fetchedTo)) break;
      read += 1;
      const { unitVectors, coordinates, active, freeLevels, records, offsets } = cell;
      for (let at = 0; at < cell.facts.length; at += 1) {
        // Without a bed line at an acceptable level that is not full, no rule needs reading.
        if (active[at] === 0 || (freeLevels[at]! & criteria.levelMask) === 0) continue;
        const offset = offsets[at]!;
        const place = at * PLACE_STRIDE;
        const dx = unitVectors[place]! - originX;
        const dy = unitVectors[place + 1]! - originY;
        const dz = unitVectors[place + 2]! - originZ;
        const chord = dx * dx + dy * dy + dz * dz;
        // Surely within the limit (the search judged it), or surely beyond the farthest radius suggested: no distance needed.
        if (chord < withinLimit || chord > beyondFarthest) continue;
        if (ruleInReach(criteria, records[at]!, offset, cell.facts[at]!, tally) !== undefined) continue;
        const distance = distanceTo(criteria, coordinates[place]!, coordinates[place + 1]!, coordinates[place + 2]!);
        if (!(distance > limit) || distance > FARTHEST_SUGGESTION_MILES) continue;
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
