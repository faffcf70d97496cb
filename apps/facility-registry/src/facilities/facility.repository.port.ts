import type { EntityManager } from 'typeorm';
import type { LevelOfCare } from '#contracts';
import type { BedCountEntity } from './bed-count.entity.js';
import type { FacilityChangeEntity, FacilityAspect } from './facility-change.entity.js';
import type { FacilityEntity } from './facility.entity.js';

export const FACILITY_REPOSITORY = Symbol('FACILITY_REPOSITORY');

export interface FacilitySearch {
  readonly state?: string;
  readonly zip?: string;
  readonly levelOfCare?: LevelOfCare;
  readonly name?: string;
  readonly ids?: readonly string[];
  readonly city?: string;
  readonly active?: boolean;
  readonly page: number;
  readonly pageSize: number;
  /** Rows to skip, when the caller pages by offset (FHIR `_offset`) rather than by page. */
  readonly offset?: number;
}

export interface FacilityRepository {
  findWithBeds(id: string): Promise<FacilityEntity | null>;
  search(filter: FacilitySearch): Promise<{ items: FacilityEntity[]; total: number }>;
  /** Locks the facility row for the rest of the transaction, serialising its changes. */
  lockForUpdate(manager: EntityManager, id: string): Promise<FacilityEntity | null>;
  bedsOf(manager: EntityManager, facilityId: string): Promise<BedCountEntity[]>;
  saveBeds(manager: EntityManager, beds: readonly BedCountEntity[]): Promise<void>;
  deleteBeds(manager: EntityManager, beds: readonly BedCountEntity[]): Promise<void>;
  saveProfile(manager: EntityManager, facility: FacilityEntity): Promise<void>;
  insert(manager: EntityManager, facility: FacilityEntity): Promise<FacilityEntity>;
  /** Increments and returns the version of an aspect: the next event's sequence. */
  nextVersion(manager: EntityManager, facilityId: string, aspect: 'accreditation' | 'insurance' | 'capacity'): Promise<number>;
  history(facilityId: string, aspect: FacilityAspect | undefined, page: number, pageSize: number): Promise<{ items: FacilityChangeEntity[]; total: number }>;
}
