import type { Gender, LevelOfCare, PatientPayer } from '#contracts';

export interface PatientNeeds {
  readonly gender: Gender;
  readonly ageYears: number;
  readonly pregnant: boolean;
  readonly coOccurringMentalIllness: boolean;
  readonly courtOrdered: boolean;
}

export interface MatchRequest {
  readonly levelOfCare: LevelOfCare;
  readonly payer: PatientPayer;
  readonly origin: { readonly latitude: number; readonly longitude: number };
  readonly maxDistanceMiles: number;
  readonly needs: PatientNeeds;
  /** The moment the rules are evaluated at: credentials expire and counts go stale relative to it. */
  readonly asOf: Date;
  /** A bed line not confirmed within this many hours before `asOf` counts as unknown. */
  readonly staleAfterHours: number;
  readonly limit?: number;
}
