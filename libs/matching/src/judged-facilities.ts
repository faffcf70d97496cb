import type { FacilityFacts } from './facility-facts.js';
import { round } from './rule-terms.js';

/**
 * The active facilities within reach that fit, or that fail a rule, as the search judged them, column
 * by column, so judging a facility allocates no object: only the matches returned and the exclusions
 * explained are turned into records and words. The columns are kept from search to search (see
 * match-engine.ts), so after the first few searches they no longer grow either.
 */
export class Judged<Verdict> {
  /** Only the first `length` entries of each column belong to the search under way. */
  length = 0;
  readonly facts: FacilityFacts[] = [];
  /** Where each one's record lies (facility-facts.ts): its cell's records, and the offset there. */
  readonly records: Float64Array[] = [];
  offsets: Float64Array = new Float64Array(256);
  distances: Float64Array = new Float64Array(256);
  /** The distance as reported, rounded to 0.1 mi. */
  distancesMiles: Float64Array = new Float64Array(256);
  /** The score of a match; the rule of an exclusion. */
  readonly verdicts: Verdict[] = [];
  /** The ranking tier of a match (match-ranking.ts rankTier), higher first; 0 for an exclusion. */
  tiers: Float64Array = new Float64Array(256);
  /** The grid cell each came from (NaN from a plain list), and its id's rank there (CellListing). */
  cells: Float64Array = new Float64Array(256);
  idRanks: Float64Array = new Float64Array(256);

  /** Empties the columns for a new search. */
  clear(): void {
    this.length = 0;
  }

  add(
    facts: FacilityFacts,
    records: Float64Array,
    offset: number,
    distance: number,
    verdict: Verdict,
    tier: number,
    cell: number,
    idRank: number,
  ): void {
    const at = this.length;
    if (at === this.distances.length) {
      this.offsets = grown(this.offsets);
      this.distances = grown(this.distances);
      this.distancesMiles = grown(this.distancesMiles);
      this.tiers = grown(this.tiers);
      this.cells = grown(this.cells);
      this.idRanks = grown(this.idRanks);
    }
    this.facts[at] = facts;
    this.records[at] = records;
    this.offsets[at] = offset;
    this.distances[at] = distance;
    this.distancesMiles[at] = round(distance, 1);
    this.verdicts[at] = verdict;
    this.tiers[at] = tier;
    this.cells[at] = cell;
    this.idRanks[at] = idRank;
    this.length = at + 1;
  }

  /** Sets the distance of an entry added without one (NaN: not worked out). */
  setDistance(at: number, distance: number): void {
    this.distances[at] = distance;
    this.distancesMiles[at] = round(distance, 1);
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
 * The positions of the first `count` of `length` items in `order`, exactly as a stable sort then
 * `slice(0, count)` would give them. For a whole `count` of at least 0, without sorting them all: a
 * sorted window of at most `count`, each newcomer placed after every kept item that does not come
 * after it.
 */
export function firstInOrder(length: number, count: number, order: (a: number, b: number) => number): number[] {
  if (!Number.isInteger(count) || count < 0)
    return Array.from({ length }, (_, at) => at)
      .sort(order)
      .slice(0, count);
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
