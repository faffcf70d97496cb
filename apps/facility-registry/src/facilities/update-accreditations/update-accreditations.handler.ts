import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CredentialValue } from '#contracts';
import { OutboxRelay } from '#messaging';
import { FacilityChangeRecorder } from '../facility-change.recorder.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../facility-errors.js';
import { toAccreditationPayload, toCredentialValues } from '../facility-events.js';
import { checkCredentials } from '../facility-rules.js';
import type { FacilityEntity } from '../facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../facility.repository.port.js';

export class UpdateAccreditationsCommand {
  constructor(
    readonly facilityId: string,
    readonly credentials: readonly CredentialValue[],
    readonly changedBy: string,
    readonly today: string = new Date().toISOString().slice(0, 10),
  ) {}
}

@Injectable()
export class UpdateAccreditationsHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly changes: FacilityChangeRecorder,
    private readonly relay: OutboxRelay,
  ) {}

  /** Replaces the licences and accreditations; announced on facility.accreditation.v1 with the old list. */
  async execute(command: UpdateAccreditationsCommand): Promise<FacilityEntity> {
    InvalidFacilityUpdateError.throwIfAny(checkCredentials(command.credentials, command.today));
    const facility = await this.dataSource.transaction(async (manager) => {
      const facility = await this.facilities.lockForUpdate(manager, command.facilityId);
      if (!facility) throw new FacilityNotFoundError(command.facilityId);
      const previous = toCredentialValues(facility.credentials);
      const next = toCredentialValues(command.credentials);
      if (isDeepStrictEqual(previous, next)) return facility;
      facility.credentials = next;
      facility.updatedAt = new Date();
      await this.facilities.saveProfile(manager, facility);
      const sequence = await this.facilities.nextVersion(manager, facility.id, 'accreditation');
      facility.accreditationVersion = sequence;
      await this.changes.record(manager, [
        {
          facilityId: facility.id, aspect: 'accreditation', sequence, previous, current: next, changedBy: command.changedBy,
          payload: toAccreditationPayload(facility.id, next, previous),
        },
      ]);
      return facility;
    });
    this.relay.notify();
    return facility;
  }
}
