import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from '#persistence';
import { BedCountEntity } from '../database/bed-count.entity.js';
import { recordCapacityChange } from '../database/capacity-change.js';
import { FacilityChangeRecorder } from '../database/facility-change.recorder.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import { checkBedLines, type BedLine } from '../domain/facility-rules.js';
import type { UpdateCapacityCommand } from './update-capacity.command.js';

/**
 * A capacity update inside the caller's unit of work: the one path for counts staff enter over HTTP
 * (UpdateCapacityHandler) and counts a facility's own system publishes on Kafka (RecordCapacityReportHandler).
 */
@Injectable()
export class CapacityUpdateService {
  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly changes: FacilityChangeRecorder,
  ) {}

  /** Applies the new counts, keeps them in the history and writes facility.capacity.v2; returns the whole bed board. */
  async apply(tx: Transaction, command: UpdateCapacityCommand): Promise<BedCountEntity[]> {
    const facility = await this.facilities.lockForUpdate(tx, command.facilityId);
    if (!facility) throw new FacilityNotFoundError(command.facilityId);
    // The whole report is checked, so a problem names its own line, whether or not that line is newer.
    InvalidFacilityUpdateError.throwIfAny(checkBedLines(command.beds, facility.levelsOfCare));
    const previous = await this.facilities.bedsOf(tx, facility.id);
    const lineOf = (bed: BedLine) => previous.find((line) => line.levelOfCare === bed.levelOfCare && line.bedType === bed.bedType);
    const beds = command.skipOlderLines
      ? command.beds.filter((bed) => (lineOf(bed)?.confirmedAt.getTime() ?? -Infinity) < command.confirmedAt.getTime())
      : command.beds;
    if (beds.length === 0) return previous;
    await this.facilities.saveBeds(
      tx,
      beds.map((bed) => {
        // Staff report the beds they see free, held ones included; a hold keeps its bed only while
        // the report still has room for it.
        const heldBefore = lineOf(bed)?.held ?? 0;
        const held = Math.min(heldBefore, bed.available);
        return Object.assign(new BedCountEntity(), {
          facilityId: facility.id,
          ...bed,
          available: bed.available - held,
          held,
          confirmedAt: command.confirmedAt,
        });
      }),
    );
    return recordCapacityChange(tx, this.facilities, this.changes, facility.id, previous, command.changedBy);
  }
}
