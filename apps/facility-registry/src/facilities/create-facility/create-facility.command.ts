import type { NewFacility } from '../domain/facility-profile.js';

export class CreateFacilityCommand {
  constructor(
    readonly facility: NewFacility,
    /** Who adds it; kept in the facility's history. */
    readonly changedBy: string,
    /** The day credentials are checked against (an active one must not have expired). */
    readonly today: string = new Date().toISOString().slice(0, 10),
  ) {}
}
