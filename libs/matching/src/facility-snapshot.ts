import type { AgeGroup, CredentialStatus, CredentialType, Gender, LevelOfCare, Payer, Population } from '#contracts';

export interface Credential {
  readonly type: CredentialType;
  readonly status: CredentialStatus;
  /** ISO date (YYYY-MM-DD); null when the credential has no stated expiry. */
  readonly expiresOn?: string | null;
}

export interface BedCount {
  readonly staffed: number;
  readonly available: number;
  /** ISO instant the facility last confirmed this figure. */
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
  readonly levelsOfCare: readonly LevelOfCare[];
  readonly payers: readonly Payer[];
  readonly populations: readonly Population[];
  readonly gendersAccepted: readonly Gender[];
  readonly ageGroupsAccepted: readonly AgeGroup[];
  readonly credentials: readonly Credential[];
  readonly beds: Readonly<Partial<Record<LevelOfCare, BedCount>>>;
}
