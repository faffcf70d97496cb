import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxRelay } from '#messaging';
import { FacilityChangeRecorder } from '../facility-change.recorder.js';
import { InvalidFacilityUpdateError } from '../facility-errors.js';
import {
  toAccreditationPayload,
  toCredentialValues,
  toInsurancePayload,
  toInsuranceState,
  toProfilePayload,
  toProfileState,
} from '../facility-events.js';
import { checkCredentials, checkInsurance, checkProgramsAndMedications } from '../facility-rules.js';
import { FacilityEntity } from '../facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../facility.repository.port.js';
import { ZIP_GEOCODER, type ZipGeocoder } from '../zip-geocoder.js';
import type { CreateFacilityRequestDto } from './create-facility.request.dto.js';

export class CreateFacilityCommand {
  constructor(
    readonly facility: CreateFacilityRequestDto,
    readonly changedBy: string,
    readonly today: string = new Date().toISOString().slice(0, 10),
  ) {}
}

@Injectable()
export class CreateFacilityHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(ZIP_GEOCODER) private readonly geocode: ZipGeocoder,
    private readonly changes: FacilityChangeRecorder,
    private readonly relay: OutboxRelay,
  ) {}

  /** Adds a facility that is not in the national directory; its profile, payers and credentials are announced. */
  async execute(command: CreateFacilityCommand): Promise<FacilityEntity> {
    this.check(command);
    const created = await this.dataSource.transaction((manager) => this.insert(manager, command));
    this.relay.notify();
    return created;
  }

  /** Every problem with the facility at once (InvalidFacilityUpdateError), before anything is written. */
  check(command: CreateFacilityCommand): void {
    const { insurance, credentials, ...profile } = command.facility;
    InvalidFacilityUpdateError.throwIfAny([
      ...(this.geocode(profile.zip) ? [] : [{ field: 'zip', reason: `${profile.zip} is not a known US ZIP code` }]),
      ...checkProgramsAndMedications(profile.programs, profile.medications),
      ...checkInsurance(insurance.payers, insurance.privateInsurancePlans).map((problem) => ({ ...problem, field: `insurance.${problem.field}` })),
      ...checkCredentials(credentials, command.today),
    ]);
  }

  /** Writes a checked facility and its three announcements in the caller's transaction (several may share one). */
  async insert(manager: EntityManager, command: CreateFacilityCommand): Promise<FacilityEntity> {
    const { insurance, credentials, ...profile } = command.facility;
    const location = this.geocode(profile.zip)!;
    const facility = Object.assign(new FacilityEntity(), {
      ...profile,
      sourceRef: null,
      programs: profile.programs.map((program) => ({ ...program })),
      levelsOfCare: profile.programs.map((program) => program.levelOfCare),
      latitude: location.latitude,
      longitude: location.longitude,
      payers: insurance.payers,
      privateInsurancePlans: insurance.privateInsurancePlans,
      upfrontPaymentRequired: insurance.upfrontPaymentRequired,
      credentials: toCredentialValues(credentials),
      profileVersion: 1,
      capacityVersion: 0,
      accreditationVersion: 1,
      insuranceVersion: 1,
      updatedAt: new Date(),
    });
    await this.facilities.insert(manager, facility);
    await this.changes.record(manager, [
      {
        facilityId: facility.id, aspect: 'profile', sequence: 1, previous: null, current: toProfileState(facility),
        changedBy: command.changedBy, payload: toProfilePayload(facility, null),
      },
      {
        facilityId: facility.id, aspect: 'accreditation', sequence: 1, previous: null, current: facility.credentials,
        changedBy: command.changedBy, payload: toAccreditationPayload(facility.id, facility.credentials, []),
      },
      {
        facilityId: facility.id, aspect: 'insurance', sequence: 1, previous: null, current: toInsuranceState(facility),
        changedBy: command.changedBy, payload: toInsurancePayload(facility, null),
      },
    ]);
    return facility;
  }
}
