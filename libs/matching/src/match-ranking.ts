import { F_OFFERS_MOUD, R_FLAGS, type FacilityFacts } from './facility-facts.js';
import { hasLicenceOnFile } from './hard-rules.js';
import type { Criteria } from './match-criteria.js';
import type { MatchRequest } from './match-request.js';
import { BEDS_FOR_FULL_SCORE, FRESHNESS_HORIZON_HOURS, RANKING_WEIGHTS } from './ranking-weights.js';
import { HOUR_MS, round } from './rule-terms.js';

// The ranking: tiers first (reference-rules.ts offersMoudInPregnancy and licenceOnFile state them),
// then the score (RANKING_WEIGHTS), then distance and facility id.

/**
 * A match's tier (the facility `facts`, its record at `offset` of `records`), higher first: for a
 * pregnant patient who needs treatment for opioids, facilities offering MOUD (2) above the rest; then
 * a valid licence on file (1), verified by an admin or listed in SAMHSA's directory, above none on
 * file or only one the facility entered itself.
 */
export function rankTier(criteria: Criteria, records: Float64Array, offset: number, facts: FacilityFacts): number {
  const offersMoud = ((records[offset + R_FLAGS]! | 0) & F_OFFERS_MOUD) !== 0;
  return (criteria.moudFirst && offersMoud ? 2 : 0) + (hasLicenceOnFile(criteria, records, offset, facts) ? 1 : 0);
}

/** The ranking score (RANKING_WEIGHTS), rounded to 4 places as reported and ranked on. */
export function scoreOf(request: MatchRequest, distance: number, available: number, lastConfirmed: number, continues: boolean): number {
  const ageHours = Math.max(0, (request.asOf.getTime() - lastConfirmed) / HOUR_MS);
  const score =
    RANKING_WEIGHTS.distance * (1 - distance / request.maxDistanceMiles) +
    RANKING_WEIGHTS.bedsAvailable * Math.min(1, available / BEDS_FOR_FULL_SCORE) +
    RANKING_WEIGHTS.freshness * Math.max(0, 1 - ageHours / FRESHNESS_HORIZON_HOURS) +
    RANKING_WEIGHTS.continuity * (continues ? 1 : 0);
  return round(score, 4);
}
