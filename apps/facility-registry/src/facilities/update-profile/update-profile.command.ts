import type { FacilityProfileRequestDto } from '../facility-profile.request.dto.js';

export class UpdateProfileCommand {
  constructor(
    readonly facilityId: string,
    readonly profile: FacilityProfileRequestDto,
    /** Who asks for the change; kept in the facility's history. */
    readonly changedBy: string,
  ) {}
}
