import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import type { FacilityEntity } from '../database/facility.entity.js';
import { InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import type { CreateFacilityCommand } from './create-facility.command.js';
import { NewFacilityService } from './new-facility.service.js';

@Injectable()
export class CreateFacilityHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly newFacilities: NewFacilityService,
  ) {}

  /** Adds a facility that is not in the national directory; its profile, payers and credentials are announced. */
  async execute(command: CreateFacilityCommand): Promise<FacilityEntity> {
    // Every problem with the facility at once (InvalidFacilityUpdateError), before anything is written.
    InvalidFacilityUpdateError.throwIfAny(this.newFacilities.problemsOf(command.facility, command.today));
    return this.unitOfWork.run((tx) => this.newFacilities.insert(tx, command.facility, command.changedBy));
  }
}
