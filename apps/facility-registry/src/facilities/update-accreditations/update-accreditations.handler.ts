import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { FacilityChangeRecorder } from '../database/facility-change.recorder.js';
import type { FacilityEntity } from '../database/facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import { carryVerification, toStoredCredentials } from '../domain/credential-verification.js';
import { toAccreditationPayload, toCredentialValues } from '../domain/facility-events.js';
import { checkCredentials } from '../domain/facility-rules.js';
import type { UpdateAccreditationsCommand } from './update-accreditations.command.js';

@Injectable()
export class UpdateAccreditationsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly changes: FacilityChangeRecorder,
  ) {}

  /**
   * Replaces the licences and accreditations; announced on facility.accreditation.v1 with the old list.
   * A credential added, or whose status, number, expiry or issuer changed, is `unverified` until an admin
   * verifies it; one left as it was keeps its verification.
   */
  async execute(command: UpdateAccreditationsCommand): Promise<FacilityEntity> {
    InvalidFacilityUpdateError.throwIfAny(checkCredentials(command.credentials, command.today));
    const facility = await this.unitOfWork.run(async (tx) => {
      const facility = await this.facilities.lockForUpdate(tx, command.facilityId);
      if (!facility) throw new FacilityNotFoundError(command.facilityId);
      const previous = toStoredCredentials(facility.credentials);
      const next = carryVerification(previous, toCredentialValues(command.credentials));
      if (isDeepStrictEqual(previous, next)) return facility;
      facility.credentials = next;
      facility.updatedAt = new Date();
      await this.facilities.saveProfile(tx, facility);
      const sequence = await this.facilities.nextVersion(tx, facility.id, 'accreditation');
      facility.accreditationVersion = sequence;
      await this.changes.record(tx, [
        {
          facilityId: facility.id,
          aspect: 'accreditation',
          sequence,
          previous,
          current: next,
          changedBy: command.changedBy,
          payload: toAccreditationPayload(facility.id, next, previous),
        },
      ]);
      return facility;
    });
    return facility;
  }
}
