import type { BedLine } from '../facility-rules.js';

export class UpdateCapacityCommand {
  constructor(
    readonly facilityId: string,
    readonly beds: readonly BedLine[],
    /** When the facility confirmed these figures. */
    readonly confirmedAt: Date,
    readonly changedBy: string = 'api',
  ) {}
}
