import type { LevelOfCare } from '#contracts';
import type { Transaction } from '#persistence';
import type { FacilityAspect } from '../domain/facility-aspects.js';
import type { BedCountEntity } from './bed-count.entity.js';
import type { FacilityChangeEntity } from './facility-change.entity.js';
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

/** Facilities and their bed lines. Methods taking `tx` work inside the caller's unit of work. */
export interface FacilityRepository {
  findWithBeds(id: string): Promise<FacilityEntity | null>;
  search(filter: FacilitySearch): Promise<{ items: FacilityEntity[]; total: number }>;
  /** Locks the facility row for the rest of the transaction, serialising its changes. */
  lockForUpdate(tx: Transaction, id: string): Promise<FacilityEntity | null>;
  bedsOf(tx: Transaction, facilityId: string): Promise<BedCountEntity[]>;
  saveBeds(tx: Transaction, beds: readonly BedCountEntity[]): Promise<void>;
  deleteBeds(tx: Transaction, beds: readonly BedCountEntity[]): Promise<void>;
  saveProfile(tx: Transaction, facility: FacilityEntity): Promise<void>;
  insert(tx: Transaction, facility: FacilityEntity): Promise<FacilityEntity>;
  /** Increments and returns the version of an aspect: the next event's sequence. */
  nextVersion(tx: Transaction, facilityId: string, aspect: 'accreditation' | 'insurance' | 'capacity'): Promise<number>;
  history(
    facilityId: string,
    aspect: FacilityAspect | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ items: FacilityChangeEntity[]; total: number }>;

  // In bulk, for the directory import.
  /** The facilities imported before from these directory records (`sourceRef`). */
  findBySourceRefs(tx: Transaction, sourceRefs: readonly string[]): Promise<FacilityEntity[]>;
  /** Inserts new facilities in chunks, filling in their generated ids. */
  insertMany(tx: Transaction, facilities: readonly FacilityEntity[]): Promise<void>;
  /** Every bed line of these facilities, in no particular order. */
  bedsOfMany(tx: Transaction, facilityIds: readonly string[]): Promise<BedCountEntity[]>;
  /** Inserts new bed lines in chunks. */
  insertBeds(tx: Transaction, beds: readonly BedCountEntity[]): Promise<void>;
  /** Removes a facility's bed lines of these levels of care. */
  deleteBedLevels(tx: Transaction, facilityId: string, levels: readonly LevelOfCare[]): Promise<void>;
  setCapacityVersion(tx: Transaction, facilityId: string, version: number): Promise<void>;
  /** capacity_version + 1 on each of these facilities. */
  bumpCapacityVersions(tx: Transaction, facilityIds: readonly string[]): Promise<void>;
  /** Of these facilities, those whose bed counts someone other than `changedBy` has ever reported. */
  capacityReportedByOthers(tx: Transaction, facilityIds: readonly string[], changedBy: string): Promise<Set<string>>;
}
