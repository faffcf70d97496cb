import type { BedLine } from '../domain/facility-rules.js';

export class UpdateCapacityCommand {
  constructor(
    readonly facilityId: string,
    readonly beds: readonly BedLine[],
    /** When the facility confirmed these figures. */
    readonly confirmedAt: Date,
    readonly changedBy: string = 'api',
    /**
     * For counts that can arrive out of order (published on Kafka): a line the registry already holds
     * a count for, confirmed at or after this one, is left alone.
     */
    readonly skipOlderLines: boolean = false,
  ) {}
}
