import { chordBoundsForMiles } from './geo-distance.js';

// What a search keeps of the facilities it has judged so far, to tell early that one cannot be among
// those it returns and so needs no more work: the exclusions nearest the patient, and the best matches.

/** A window size for firstInOrder's `count`: a whole number of at least 0; Infinity (no window) for any other count. */
export const windowSize = (count: number): number => (Number.isInteger(count) && count >= 0 ? count : Infinity);

/**
 * The rounded distances of the nearest `size` exclusions seen so far, and from them how near an
 * exclusion must be to come among the nearest: once the window is full, one that rounds to more than
 * its farthest never will, as `size` others come strictly before it.
 */
export class NearestWindow {
  private readonly miles: number[] = [];
  /** Squared chords beyond which an exclusion cannot come among the nearest. */
  beyond = Infinity;

  constructor(private readonly size: number) {
    if (size === 0) this.beyond = -Infinity;
  }

  offer(miles: number): void {
    if (!(miles === miles) || this.size === 0 || this.size === Infinity) return;
    const kept = this.miles;
    if (kept.length === this.size && miles >= kept[kept.length - 1]!) return;
    let at = kept.length < this.size ? kept.length : kept.length - 1;
    while (at > 0 && kept[at - 1]! > miles) {
      kept[at] = kept[at - 1]!;
      at -= 1;
    }
    kept[at] = miles;
    // Rounded to 0.1 mi, a distance of less than the farthest plus 0.05 mi may tie with it; 1e-6 mi more for rounding.
    if (kept.length === this.size) this.beyond = chordBoundsForMiles(kept[kept.length - 1]! + 0.05 + 1e-6).beyond;
  }
}

/**
 * The tiers and scores of the best `size` matches seen so far, in rank order (higher tier, then
 * higher score: match-engine.ts byRank): once the window is full, a match of a lower tier, or of the
 * same tier and a lower score than the last, never comes among the best, as `size` others come
 * strictly before it.
 */
export class BestWindow {
  private readonly tiers: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly size: number) {}

  /** Whether a match of `tier` whose score is at most `score` (NaN: unknown) may come among the best. */
  mayEnter(tier: number, score: number): boolean {
    const kept = this.tiers.length;
    if (kept < this.size) return true;
    if (this.size === 0) return false;
    const lastTier = this.tiers[kept - 1]!;
    return !(tier < lastTier || (tier === lastTier && score < this.scores[kept - 1]!));
  }

  offer(tier: number, score: number): void {
    if (!(score === score) || this.size === 0 || this.size === Infinity) return;
    const { tiers, scores } = this;
    const before = (at: number): boolean => tier > tiers[at]! || (tier === tiers[at]! && score > scores[at]!);
    if (tiers.length === this.size && !before(tiers.length - 1)) return;
    let at = tiers.length < this.size ? tiers.length : tiers.length - 1;
    while (at > 0 && before(at - 1)) {
      tiers[at] = tiers[at - 1]!;
      scores[at] = scores[at - 1]!;
      at -= 1;
    }
    tiers[at] = tier;
    scores[at] = score;
  }
}
