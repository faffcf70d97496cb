import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { FacilityChangeRecorder, type FacilityChange } from '../database/facility-change.recorder.js';
import type { FacilityEntity } from '../database/facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import { toCapacityPayload, toProfilePayload, toProfileState } from '../domain/facility-events.js';
import { checkProgramsAndMedications } from '../domain/facility-rules.js';
import { ZIP_GEOCODER, type ZipGeocoder } from '../zip-geocoder.js';
import type { UpdateProfileCommand } from './update-profile.command.js';

@Injectable()
export class UpdateProfileHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(ZIP_GEOCODER) private readonly geocode: ZipGeocoder,
    private readonly changes: FacilityChangeRecorder,
  ) {}

  /**
   * Replaces the facility's profile. An unchanged profile writes nothing; a dropped program takes
   * its bed lines with it, announced as a capacity change in the same transaction.
   */
  async execute(command: UpdateProfileCommand): Promise<FacilityEntity> {
    const { profile } = command;
    const location = this.geocode(profile.zip);
    InvalidFacilityUpdateError.throwIfAny([
      ...(location ? [] : [{ field: 'zip', reason: `${profile.zip} is not a known US ZIP code` }]),
      ...checkProgramsAndMedications(profile.programs, profile.medications),
    ]);
    const updated = await this.unitOfWork.run(async (tx) => {
      const facility = await this.facilities.lockForUpdate(tx, command.facilityId);
      if (!facility) throw new FacilityNotFoundError(command.facilityId);
      const previous = toProfileState(facility);
      Object.assign(facility, {
        ...profile,
        programs: profile.programs.map((program) => ({ ...program })),
        levelsOfCare: profile.programs.map((program) => program.levelOfCare),
        latitude: location!.latitude,
        longitude: location!.longitude,
      });
      const next = toProfileState(facility);
      if (isDeepStrictEqual({ ...next, updatedAt: '' }, { ...previous, updatedAt: '' })) return facility;
      facility.updatedAt = new Date();
      facility.profileVersion += 1;
      await this.facilities.saveProfile(tx, facility);
      const recorded: FacilityChange[] = [
        {
          facilityId: facility.id,
          aspect: 'profile',
          sequence: facility.profileVersion,
          previous,
          current: toProfileState(facility),
          changedBy: command.changedBy,
          payload: toProfilePayload(facility, previous),
        },
      ];
      const beds = await this.facilities.bedsOf(tx, facility.id);
      const orphaned = beds.filter((bed) => !facility.levelsOfCare.includes(bed.levelOfCare));
      if (orphaned.length > 0) {
        await this.facilities.deleteBeds(tx, orphaned);
        const remaining = beds.filter((bed) => !orphaned.includes(bed));
        const sequence = await this.facilities.nextVersion(tx, facility.id, 'capacity');
        const payload = toCapacityPayload(facility.id, remaining, beds);
        recorded.push({
          facilityId: facility.id,
          aspect: 'capacity',
          sequence,
          previous: payload.previousBeds,
          current: payload.beds,
          changedBy: command.changedBy,
          payload,
        });
      }
      await this.changes.record(tx, recorded);
      return facility;
    });
    return updated;
  }
}
