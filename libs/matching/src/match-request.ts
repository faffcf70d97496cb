import type { AgeBand, CourtOrder, Gender, Language, LevelOfCare, Medication, PatientPayer, Substance } from '#contracts';

export interface PatientNeeds {
  readonly gender: Gender;
  /** The age band, never the exact age: the bed and age-group rules need no more (minimum necessary). */
  readonly ageBand: AgeBand;
  readonly pregnant: boolean;
  readonly coOccurringMentalIllness: boolean;
  /** The substances the patient needs treatment for; at least one. */
  readonly substances: readonly Substance[];
  /** A court order behind the placement: DUI/DWI, another one, or none. */
  readonly courtOrder?: CourtOrder | null;
  /** A medication for opioid or alcohol use disorder the patient takes now and must keep taking. */
  readonly medication?: Medication | null;
  /** A medication for opioid or alcohol use disorder to start. */
  readonly startMedication?: Medication | null;
  /** The patient's children come too and need a residential bed (BC). */
  readonly bedsForChildren?: boolean;
  /** The patient needs childcare for their children during treatment (CCC). */
  readonly childcare?: boolean;
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
