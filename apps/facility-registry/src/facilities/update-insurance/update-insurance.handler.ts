import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { FacilityChangeRecorder } from '../database/facility-change.recorder.js';
import type { FacilityEntity } from '../database/facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import { toInsurancePayload, toInsuranceState } from '../domain/facility-events.js';
import { checkInsurance } from '../domain/facility-rules.js';
import type { UpdateInsuranceCommand } from './update-insurance.command.js';

@Injectable()
export class UpdateInsuranceHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly changes: FacilityChangeRecorder,
  ) {}

  /** Replaces the accepted payers; announced on facility.insurance.v1 with the previous value. */
  async execute(command: UpdateInsuranceCommand): Promise<FacilityEntity> {
    const { insurance } = command;
    InvalidFacilityUpdateError.throwIfAny(checkInsurance(insurance.payers, insurance.privateInsurancePlans));
    const facility = await this.unitOfWork.run(async (tx) => {
      const facility = await this.facilities.lockForUpdate(tx, command.facilityId);
      if (!facility) throw new FacilityNotFoundError(command.facilityId);
      const previous = toInsuranceState(facility);
      Object.assign(facility, {
        payers: [...insurance.payers],
        privateInsurancePlans: [...insurance.privateInsurancePlans],
        upfrontPaymentRequired: insurance.upfrontPaymentRequired,
      });
      const next = toInsuranceState(facility);
      if (isDeepStrictEqual(previous, next)) return facility;
      facility.updatedAt = new Date();
      await this.facilities.saveProfile(tx, facility);
      const sequence = await this.facilities.nextVersion(tx, facility.id, 'insurance');
      facility.insuranceVersion = sequence;
      await this.changes.record(tx, [
        {
          facilityId: facility.id,
          aspect: 'insurance',
          sequence,
          previous,
          current: next,
          changedBy: command.changedBy,
          payload: toInsurancePayload(facility, previous),
        },
      ]);
      return facility;
    });
    return facility;
  }
}
