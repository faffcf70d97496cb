import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { InsuranceState } from '#contracts';
import { OutboxRelay } from '#messaging';
import { FacilityChangeRecorder } from '../facility-change.recorder.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../facility-errors.js';
import { toInsurancePayload, toInsuranceState } from '../facility-events.js';
import { checkInsurance } from '../facility-rules.js';
import type { FacilityEntity } from '../facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../facility.repository.port.js';

export class UpdateInsuranceCommand {
  constructor(
    readonly facilityId: string,
    readonly insurance: InsuranceState,
    readonly changedBy: string,
  ) {}
}

@Injectable()
export class UpdateInsuranceHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly changes: FacilityChangeRecorder,
    private readonly relay: OutboxRelay,
  ) {}

  /** Replaces the accepted payers; announced on facility.insurance.v1 with the previous value. */
  async execute(command: UpdateInsuranceCommand): Promise<FacilityEntity> {
    const { insurance } = command;
    InvalidFacilityUpdateError.throwIfAny(checkInsurance(insurance.payers, insurance.privateInsurancePlans));
    const facility = await this.dataSource.transaction(async (manager) => {
      const facility = await this.facilities.lockForUpdate(manager, command.facilityId);
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
      await this.facilities.saveProfile(manager, facility);
      const sequence = await this.facilities.nextVersion(manager, facility.id, 'insurance');
      facility.insuranceVersion = sequence;
      await this.changes.record(manager, [
        {
          facilityId: facility.id, aspect: 'insurance', sequence, previous, current: next, changedBy: command.changedBy,
          payload: toInsurancePayload(facility, previous),
        },
      ]);
      return facility;
    });
    this.relay.notify();
    return facility;
  }
}
