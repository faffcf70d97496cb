import type {
  AgeGroup,
  BedType,
  CredentialStatus,
  CredentialType,
  Gender,
  Language,
  LevelOfCare,
  Medication,
  Payer,
  Population,
  Therapy,
} from '#contracts';

export interface Credential {
  readonly type: CredentialType;
  readonly status: CredentialStatus;
  /** ISO date (YYYY-MM-DD); null when the credential has no stated expiry. */
  readonly expiresOn?: string | null;
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
  readonly medications: readonly Medication[];
  /** Whether the facility continues a medication for opioid use disorder prescribed elsewhere; null if unknown. */
  readonly continuesExternalMedication: boolean | null;
  readonly therapies: readonly Therapy[];
  readonly populations: readonly Population[];
  readonly gendersAccepted: readonly Gender[];
  readonly ageGroupsAccepted: readonly AgeGroup[];
  readonly languages: readonly Language[];
  /** Empty until the facility's insurance is known. */
  readonly payers: readonly Payer[];
  /** Empty until the facility's licences and accreditations are known. */
  readonly credentials: readonly Credential[];
  /** The bed board, one line per level of care and bed type; empty until the facility's capacity is known. */
  readonly beds: readonly BedCount[];
}
