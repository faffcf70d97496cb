/**
 * The ranking in one place. A facility's score is the weighted sum of these normalised terms (each
 * between 0 and 1, higher is better); ties break on distance, then on facility id.
 */
export const RANKING_WEIGHTS = {
  /** Nearer is better: 1 at the origin, 0 at the planner's distance limit. */
  distance: 0.6,
  /** More free beds means the bed is more likely still free when the facility confirms. */
  bedsAvailable: 0.25,
  /** A count confirmed just now beats one confirmed yesterday. */
  freshness: 0.15,
} as const;

/** Beds free beyond this many add nothing more to the score. */
export const BEDS_FOR_FULL_SCORE = 10;
/** A bed count older than this scores zero for freshness. */
export const FRESHNESS_HORIZON_HOURS = 24;
