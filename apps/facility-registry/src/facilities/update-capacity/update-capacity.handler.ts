import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Topic } from '#contracts';
import { OutboxRelay, OutboxWriter } from '#messaging';
import { BedCountEntity } from '../bed-count.entity.js';
import { FacilityNotFoundError, InvalidBedUpdateError } from '../facility-errors.js';
import { toCapacityPayload } from '../facility-events.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../facility.repository.port.js';
import type { UpdateCapacityCommand } from './update-capacity.command.js';

@Injectable()
export class UpdateCapacityHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  /** Applies the new counts and writes the facility.capacity.v1 event in one transaction. */
  async execute(command: UpdateCapacityCommand): Promise<BedCountEntity[]> {
    const beds = await this.dataSource.transaction(async (manager) => {
      const facility = await this.facilities.lockForUpdate(manager, command.facilityId);
      if (!facility) throw new FacilityNotFoundError(command.facilityId);
      const seen = new Set<string>();
      command.beds.forEach((bed, index) => {
        if (seen.has(bed.levelOfCare)) {
          throw new InvalidBedUpdateError(`beds.${index}.levelOfCare`, `${bed.levelOfCare} is listed twice`);
        }
        seen.add(bed.levelOfCare);
        if (!facility.levelsOfCare.includes(bed.levelOfCare)) {
          throw new InvalidBedUpdateError(
            `beds.${index}.levelOfCare`,
            `facility does not offer ${bed.levelOfCare}; it offers ${facility.levelsOfCare.join(', ') || 'no level of care'}`,
          );
        }
        if (bed.available > bed.staffed) {
          throw new InvalidBedUpdateError(`beds.${index}.available`, `must not exceed staffed (${bed.staffed})`);
        }
      });
      const previous = await this.facilities.bedsOf(manager, facility.id);
      const changed = command.beds.map((bed) =>
        Object.assign(new BedCountEntity(), { facilityId: facility.id, ...bed, confirmedAt: command.confirmedAt }),
      );
      await this.facilities.saveBeds(manager, changed);
      const current = await this.facilities.bedsOf(manager, facility.id);
      const sequence = await this.facilities.nextCapacityVersion(manager, facility.id);
      await this.outbox.append(manager, [
        { topic: Topic.FacilityCapacity, key: facility.id, sequence, payload: toCapacityPayload(facility.id, current, previous) },
      ]);
      return current;
    });
    this.relay.notify();
    return beds;
  }
}
