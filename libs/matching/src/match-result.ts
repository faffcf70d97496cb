import type { LevelOfCare } from '#contracts';
import type { ExclusionRule } from '#vocabulary';

// What a search answers: the matches, the exclusions and the suggestions, as callers receive them.

export interface FacilityMatch {
  readonly facilityId: string;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  /** The level the bed is in: the requested one, or a more intensive one the planner allowed. */
  readonly levelOfCare: LevelOfCare;
  readonly distanceMiles: number;
  readonly bedsAvailable: number;
  /** When the facility last confirmed the counted beds: planners weigh a count from an hour ago above one from yesterday. */
  readonly bedsConfirmedAt: string;
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
