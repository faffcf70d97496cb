import type { LevelOfCare } from '#contracts';

export class UpdateCapacityCommand {
  constructor(
    readonly facilityId: string,
    readonly beds: readonly { levelOfCare: LevelOfCare; staffed: number; available: number }[],
    /** When the facility confirmed these figures. */
    readonly confirmedAt: Date,
  ) {}
}
