import type { Gender, Language, LevelOfCare, Medication, PatientPayer } from '#contracts';

export interface PatientNeeds {
  readonly gender: Gender;
  readonly ageYears: number;
  readonly pregnant: boolean;
  readonly coOccurringMentalIllness: boolean;
  readonly courtOrdered: boolean;
  /** A medication for opioid use disorder the patient takes now and must keep taking. */
  readonly medication?: Medication | null;
  /** A language the patient needs care in; English is offered everywhere. */
  readonly language?: Language | null;
}

export interface MatchRequest {
  readonly levelOfCare: LevelOfCare;
  /**
   * Levels that serve the patient, best first: the requested one, then any more intensive levels the
   * planner allows. Defaults to the requested level alone.
   */
  readonly acceptableLevels?: readonly LevelOfCare[];
  /** More intensive levels to try when nothing fits, so the answer can suggest them. */
  readonly higherLevelsForSuggestions?: readonly LevelOfCare[];
  /** Levels that usually follow the requested one; a facility offering one ranks higher (no gap in care). */
  readonly nextStepLevels?: readonly LevelOfCare[];
  readonly payer: PatientPayer;
  /** Require an accreditation (CARF, The Joint Commission, COA, NCQA, HFAP), not only a licence. */
  readonly requireAccreditation?: boolean;
  readonly origin: { readonly latitude: number; readonly longitude: number };
  readonly maxDistanceMiles: number;
  readonly needs: PatientNeeds;
  /** The moment the rules are evaluated at: credentials expire and counts go stale relative to it. */
  readonly asOf: Date;
  /** A bed line not confirmed within this many hours before `asOf` counts as unknown. */
  readonly staleAfterHours: number;
  readonly limit?: number;
  /** How many of the nearest facilities left out are explained (default 10). */
  readonly nearbyExclusionsLimit?: number;
}
