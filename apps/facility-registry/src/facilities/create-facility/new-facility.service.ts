import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from '#persistence';
import { FacilityChangeRecorder } from '../database/facility-change.recorder.js';
import { FacilityEntity } from '../database/facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import {
  toAccreditationPayload,
  toInsurancePayload,
  toInsuranceState,
  toProfilePayload,
  toProfileState,
} from '../domain/facility-events.js';
import type { NewFacility } from '../domain/facility-profile.js';
import { newCredentials } from '../domain/credential-verification.js';
import { checkCredentials, checkInsurance, checkProgramsAndMedications, type FieldProblem } from '../domain/facility-rules.js';
import { ZIP_GEOCODER, type ZipGeocoder } from '../zip-geocoder.js';

/**
 * Adding a facility that is not in the national directory, shared by POST /facilities
 * (CreateFacilityHandler) and the FHIR Bundle import (ImportFhirBundleHandler), which checks every
 * facility first and then writes them all in one unit of work.
 */
@Injectable()
export class NewFacilityService {
  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(ZIP_GEOCODER) private readonly geocode: ZipGeocoder,
    private readonly changes: FacilityChangeRecorder,
  ) {}

  /** Every problem with the facility at once, before anything is written; none when it may be added. */
  problemsOf(facility: NewFacility, today: string): FieldProblem[] {
    const { insurance, credentials, ...profile } = facility;
    return [
      ...(this.geocode(profile.zip) ? [] : [{ field: 'zip', reason: `${profile.zip} is not a known US ZIP code` }]),
      ...checkProgramsAndMedications(profile.programs, profile.medications),
      ...checkInsurance(insurance.payers, insurance.privateInsurancePlans).map((problem) => ({
        ...problem,
        field: `insurance.${problem.field}`,
      })),
      ...checkCredentials(credentials, today),
    ];
  }

  /** Writes a checked facility and its three announcements in the caller's unit of work (several may share one). */
  async insert(tx: Transaction, newFacility: NewFacility, changedBy: string): Promise<FacilityEntity> {
    const { insurance, credentials, ...profile } = newFacility;
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
      // Entered through the API: the facility's word until an admin verifies each credential.
      credentials: newCredentials(credentials, 'unverified'),
      profileVersion: 1,
      capacityVersion: 0,
      accreditationVersion: 1,
      insuranceVersion: 1,
      updatedAt: new Date(),
    });
    await this.facilities.insert(tx, facility);
    await this.changes.record(tx, [
      {
        facilityId: facility.id,
        aspect: 'profile',
        sequence: 1,
        previous: null,
        current: toProfileState(facility),
        changedBy,
        payload: toProfilePayload(facility, null),
      },
      {
        facilityId: facility.id,
        aspect: 'accreditation',
        sequence: 1,
        previous: null,
        current: facility.credentials,
        changedBy,
        payload: toAccreditationPayload(facility.id, facility.credentials, []),
      },
      {
        facilityId: facility.id,
        aspect: 'insurance',
        sequence: 1,
        previous: null,
        current: toInsuranceState(facility),
        changedBy,
        payload: toInsurancePayload(facility, null),
      },
    ]);
    return facility;
  }
}
