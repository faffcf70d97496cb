import type {
  AgeGroup,
  BedType,
  CredentialStatus,
  CredentialType,
  CredentialVerification,
  Gender,
  Language,
  LevelOfCare,
  Medication,
  MedicationService,
  Operator,
  Payer,
  Population,
  Substance,
  SupportService,
  Therapy,
} from '#contracts';

export interface Credential {
  readonly type: CredentialType;
  readonly status: CredentialStatus;
  /** ISO date (YYYY-MM-DD); null when the credential has no stated expiry. */
  readonly expiresOn?: string | null;
  /**
   * Who vouches for it (rule-terms.ts isCredentialTrusted): only `verified` and `directory-listed` count
   * for the licence and accreditation rules. Absent: a facility as SAMHSA's directory lists it (the bench
   * and specs build those); the matcher's facility state always sets it, reading an event without it as
   * `unverified`.
   */
  readonly verification?: CredentialVerification;
}

/** One line of a facility's bed board: beds of one type in one program. */
export interface BedCount {
  readonly levelOfCare: LevelOfCare;
  /** Who the beds are for: `general` beds take anyone, `male`/`female` adults of that gender, `adolescent` under-18s. */
  readonly bedType: BedType;
  readonly staffed: number;
  readonly available: number;
  /** Beds expected to free up within 24 hours (in addition to those available now). */
  readonly opening24h: number;
  /** Beds expected to free up within 72 hours (including those within 24 hours). */
  readonly opening72h: number;
  readonly waitlist: boolean;
  /** Typical wait in days when there is a waitlist; null when unknown or no waitlist. */
  readonly typicalWaitDays: number | null;
  /** ISO instant the facility last confirmed this line; older than the request's staleAfterHours, it counts as unknown. */
  readonly confirmedAt: string;
}

/** Everything the rules need to know about one facility, as rebuilt from the facility events. */
export interface FacilitySnapshot {
  readonly facilityId: string;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly active: boolean;
  /** The levels of care of the facility's programs. */
  readonly levelsOfCare: readonly LevelOfCare[];
  /** Medications used in treatment, each form only as the directory states it (not those used for withdrawal only). */
  readonly medications: readonly Medication[];
  /** Whether the facility continues a medication for opioid use disorder prescribed elsewhere (MOA); null if unknown. */
  readonly continuesExternalMedication: boolean | null;
  /** Prescribing, withdrawal-only use, and the facility's stated refusals (NMOA, NMAUT). */
  readonly medicationServices: readonly MedicationService[];
  /** Substances the facility states it does not treat (NAUT, NOOP); empty when it states none. */
  readonly substancesNotTreated: readonly Substance[];
  /** When the facility serves only clients with one use disorder (OUDO, AUDO): the patient must need one of these. */
  readonly servesOnlyClientsWith: readonly Substance[];
  /** Withdrawal the facility manages (ADTX, BDTX, ODTX, CDTX, MDTX); empty when not on file. */
  readonly withdrawalManaged: readonly Substance[];
  /** Who runs it (VA, IHS, tribal, …); empty when not on file. */
  readonly operators: readonly Operator[];
  /** Recovery supports and family services (sober living, naloxone, children's beds, childcare, …). */
  readonly supportServices: readonly SupportService[];
  readonly therapies: readonly Therapy[];
  readonly populations: readonly Population[];
  readonly gendersAccepted: readonly Gender[];
  readonly ageGroupsAccepted: readonly AgeGroup[];
  readonly languages: readonly Language[];
  /** Empty when no payment information is on file: that is shown, never a reason to leave the facility out. */
  readonly payers: readonly Payer[];
  /** Empty when no licence or accreditation is on file. */
  readonly credentials: readonly Credential[];
  /** The bed board, one line per level of care and bed type; empty until the facility's capacity is known. */
  readonly beds: readonly BedCount[];
}
