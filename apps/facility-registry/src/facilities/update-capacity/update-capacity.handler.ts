import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import type { BedCountEntity } from '../database/bed-count.entity.js';
import { CapacityUpdateService } from './capacity-update.service.js';
import type { UpdateCapacityCommand } from './update-capacity.command.js';

@Injectable()
export class UpdateCapacityHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly capacity: CapacityUpdateService,
  ) {}

  /** Applies the new counts, keeps them in the history and writes facility.capacity.v2, in one transaction. */
  execute(command: UpdateCapacityCommand): Promise<BedCountEntity[]> {
    return this.unitOfWork.run((tx) => this.capacity.apply(tx, command));
  }
}
