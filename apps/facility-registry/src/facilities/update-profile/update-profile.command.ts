import type { FacilityProfile } from '../domain/facility-profile.js';

export class UpdateProfileCommand {
  constructor(
    readonly facilityId: string,
    readonly profile: FacilityProfile,
    /** Who asks for the change; kept in the facility's history. */
    readonly changedBy: string,
  ) {}
}
