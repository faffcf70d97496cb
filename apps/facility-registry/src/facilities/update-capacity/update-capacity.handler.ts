import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxRelay } from '#messaging';
import { BedCountEntity } from '../bed-count.entity.js';
import { FacilityChangeRecorder } from '../facility-change.recorder.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../facility-errors.js';
import { recordCapacityChange } from '../capacity-change.js';
import { checkBedLines, type BedLine } from '../facility-rules.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../facility.repository.port.js';
import type { UpdateCapacityCommand } from './update-capacity.command.js';

@Injectable()
export class UpdateCapacityHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly changes: FacilityChangeRecorder,
    private readonly relay: OutboxRelay,
  ) {}

  /** Applies the new counts, keeps them in the history and writes facility.capacity.v2, in one transaction. */
  async execute(command: UpdateCapacityCommand): Promise<BedCountEntity[]> {
    const beds = await this.dataSource.transaction((manager) => this.apply(manager, command));
    this.relay.notify();
    return beds;
  }

  /** The same change inside the caller's transaction (a count that arrived on Kafka, with its inbox record). */
  async apply(manager: EntityManager, command: UpdateCapacityCommand): Promise<BedCountEntity[]> {
    const facility = await this.facilities.lockForUpdate(manager, command.facilityId);
    if (!facility) throw new FacilityNotFoundError(command.facilityId);
    // The whole report is checked, so a problem names its own line, whether or not that line is newer.
    InvalidFacilityUpdateError.throwIfAny(checkBedLines(command.beds, facility.levelsOfCare));
    const previous = await this.facilities.bedsOf(manager, facility.id);
    const lineOf = (bed: BedLine) => previous.find((line) => line.levelOfCare === bed.levelOfCare && line.bedType === bed.bedType);
    const beds = command.skipOlderLines
      ? command.beds.filter((bed) => (lineOf(bed)?.confirmedAt.getTime() ?? -Infinity) < command.confirmedAt.getTime())
      : command.beds;
    if (beds.length === 0) return previous;
    await this.facilities.saveBeds(
      manager,
      beds.map((bed) => {
        // Staff report the beds they see free, held ones included; a hold keeps its bed only while
        // the report still has room for it.
        const heldBefore = lineOf(bed)?.held ?? 0;
        const held = Math.min(heldBefore, bed.available);
        return Object.assign(new BedCountEntity(), {
          facilityId: facility.id, ...bed, available: bed.available - held, held, confirmedAt: command.confirmedAt,
        });
      }),
    );
    return recordCapacityChange(manager, this.facilities, this.changes, facility.id, previous, command.changedBy);
  }
}
