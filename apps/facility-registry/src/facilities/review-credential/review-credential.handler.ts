import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { FacilityChangeRecorder } from '../database/facility-change.recorder.js';
import type { FacilityEntity } from '../database/facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { reviewCredential, toStoredCredentials } from '../domain/credential-verification.js';
import { CredentialNotFoundError, FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import { toAccreditationPayload } from '../domain/facility-events.js';
import type { ReviewCredentialCommand } from './review-credential.command.js';

@Injectable()
export class ReviewCredentialHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly changes: FacilityChangeRecorder,
  ) {}

  /**
   * Records an admin's verification (or rejection) of one credential: kept in the facility's history
   * and announced on facility.accreditation.v1, so matching counts (or stops counting) it.
   */
  async execute(command: ReviewCredentialCommand): Promise<FacilityEntity> {
    return this.unitOfWork.run(async (tx) => {
      const facility = await this.facilities.lockForUpdate(tx, command.facilityId);
      if (!facility) throw new FacilityNotFoundError(command.facilityId);
      const previous = toStoredCredentials(facility.credentials);
      const result = reviewCredential(
        previous,
        { type: command.type, identifier: command.identifier },
        { outcome: command.outcome, reviewedBy: command.reviewedBy, reviewedAt: command.reviewedAt.toISOString(), note: command.note },
      );
      if (!result.ok && result.problem === 'not-found')
        throw new CredentialNotFoundError(command.facilityId, command.type, command.identifier);
      if (!result.ok) {
        throw new InvalidFacilityUpdateError(
          'identifier',
          `the facility holds more than one ${command.type}: name the one to review by its number`,
        );
      }
      facility.credentials = result.credentials;
      facility.updatedAt = command.reviewedAt;
      await this.facilities.saveProfile(tx, facility);
      const sequence = await this.facilities.nextVersion(tx, facility.id, 'accreditation');
      facility.accreditationVersion = sequence;
      await this.changes.record(tx, [
        {
          facilityId: facility.id,
          aspect: 'accreditation',
          sequence,
          previous,
          current: result.credentials,
          changedBy: command.reviewedBy,
          payload: toAccreditationPayload(facility.id, result.credentials, previous),
        },
      ]);
      return facility;
    });
  }
}
