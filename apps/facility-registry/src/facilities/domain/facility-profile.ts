import type { CredentialValue, FacilityProfileState, InsuranceState } from '#contracts';

/**
 * What a facility states about itself, as staff or an import give it: the profile topic's state
 * without the position (the registry geocodes the ZIP code) and the time of the change.
 */
export type FacilityProfile = Omit<FacilityProfileState, 'latitude' | 'longitude' | 'updatedAt'>;

/** A facility to add: its profile, the payers it accepts, and its licences and accreditations. */
export interface NewFacility extends FacilityProfile {
  readonly insurance: InsuranceState;
  readonly credentials: readonly CredentialValue[];
}
