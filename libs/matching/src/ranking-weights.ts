/**
 * The ranking in one place. A facility's score is the weighted sum of these normalised terms (each
 * between 0 and 1, higher is better, weights summing to 1); ties break on distance, then on id.
 */
export const RANKING_WEIGHTS = {
  /** Nearer is better: 1 at the origin, 0 at the planner's distance limit. */
  distance: 0.5,
  /** More free beds means the bed is more likely still free when the facility confirms. */
  bedsAvailable: 0.2,
  /** A count confirmed just now beats one confirmed yesterday. */
  freshness: 0.15,
  /** The facility also offers the next level of care, so the patient is not dropped between levels. */
  continuity: 0.15,
} as const;

/** Beds free beyond this many add nothing more to the score. */
export const BEDS_FOR_FULL_SCORE = 10;
/** A bed count older than this scores zero for freshness. */
export const FRESHNESS_HORIZON_HOURS = 24;
