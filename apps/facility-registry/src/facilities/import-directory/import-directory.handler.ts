import { createReadStream } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createGunzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import { LEVELS_OF_CARE } from '#contracts';
import { UnitOfWork, type Transaction } from '#persistence';
import { BedCountEntity } from '../database/bed-count.entity.js';
import { FacilityChangeRecorder, type FacilityChange } from '../database/facility-change.recorder.js';
import { FacilityEntity } from '../database/facility.entity.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { newCredentials, toStoredCredentials } from '../domain/credential-verification.js';
import {
  toAccreditationPayload,
  toCapacityPayload,
  toInsurancePayload,
  toInsuranceState,
  toProfilePayload,
  toProfileState,
} from '../domain/facility-events.js';
import { ZIP_GEOCODER, type ZipGeocoder } from '../zip-geocoder.js';
import { demoBedCount } from './demo-beds.js';
import type { ImportDirectoryCommand, ImportProgress } from './import-directory.command.js';
import { mapSamhsaRow, type DirectoryFacility, type SamhsaRow } from './samhsa-row.mapper.js';

/** Directory rows per transaction. */
const CHUNK = 500;

/** Bed lines in the order of the levels of care, then by bed type. */
const byLevelAndType = (a: BedCountEntity, b: BedCountEntity): number =>
  LEVELS_OF_CARE.indexOf(a.levelOfCare) - LEVELS_OF_CARE.indexOf(b.levelOfCare) || a.bedType.localeCompare(b.bedType);
const CHANGED_BY = 'directory-import';

/**
 * Loads the national directory. Idempotent: rows are matched on their SAMHSA id, an unchanged row
 * is left alone (no new version, no event), a changed aspect of a row gets a new version, a history
 * entry and an event. Facility data entered through the API for aspects the directory does not
 * describe (named plans, credential expiry) is kept.
 */
@Injectable()
export class ImportDirectoryHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(ZIP_GEOCODER) private readonly geocode: ZipGeocoder,
    private readonly changes: FacilityChangeRecorder,
  ) {}

  async execute(command: ImportDirectoryCommand): Promise<ImportProgress> {
    const progress: ImportProgress = {
      rowsRead: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      skippedByState: 0,
      rejected: [],
      demoBedsSet: 0,
    };
    const parser = createReadStream(command.file)
      .pipe(createGunzip())
      .pipe(parse({ columns: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
    let chunk: DirectoryFacility[] = [];
    for await (const record of parser as AsyncIterable<SamhsaRow>) {
      progress.rowsRead += 1;
      const mapped = mapSamhsaRow(record, this.geocode);
      if (!mapped.ok) {
        progress.rejected.push({ row: progress.rowsRead + 1, facilityId: record.facility_id ?? '', reason: mapped.reason });
        continue;
      }
      if (command.states.length > 0 && !command.states.includes(mapped.facility.state)) {
        progress.skippedByState += 1;
        continue;
      }
      chunk.push(mapped.facility);
      if (chunk.length === CHUNK) {
        await this.importChunk(chunk, command.demoBeds, progress);
        command.onProgress?.(progress);
        chunk = [];
      }
    }
    if (chunk.length > 0) await this.importChunk(chunk, command.demoBeds, progress);
    command.onProgress?.(progress);
    return progress;
  }

  private async importChunk(rows: DirectoryFacility[], demoBeds: boolean, progress: ImportProgress): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const existing = await this.facilities.findBySourceRefs(
        tx,
        rows.map((row) => row.sourceRef),
      );
      const bySource = new Map(existing.map((facility) => [facility.sourceRef!, facility]));
      const changes: FacilityChange[] = [];
      const fresh: FacilityEntity[] = [];
      for (const row of rows) {
        const current = bySource.get(row.sourceRef);
        if (!current) {
          fresh.push(this.newFacility(row));
          continue;
        }
        const changed = this.applyRow(current, row, changes);
        if (changed) {
          await this.facilities.saveProfile(tx, current);
          progress.updated += 1;
        } else {
          progress.unchanged += 1;
        }
      }
      changes.push(...(await this.dropOrphanedBeds(tx, existing)));
      await this.facilities.insertMany(tx, fresh);
      for (const facility of fresh) changes.push(...this.creationChanges(facility));
      progress.inserted += fresh.length;
      if (demoBeds) {
        const demo = await this.setDemoBeds(tx, [...fresh, ...existing]);
        changes.push(...demo);
        progress.demoBedsSet += demo.length;
      }
      await this.changes.record(tx, changes);
    });
  }

  private newFacility(row: DirectoryFacility): FacilityEntity {
    return Object.assign(new FacilityEntity(), {
      ...row,
      active: true,
      privateInsurancePlans: [],
      upfrontPaymentRequired: null,
      credentials: newCredentials(row.credentials, 'directory-listed'),
      profileVersion: 1,
      capacityVersion: 0,
      accreditationVersion: 1,
      insuranceVersion: 1,
      updatedAt: new Date(),
    });
  }

  private creationChanges(facility: FacilityEntity): FacilityChange[] {
    const base = { facilityId: facility.id, sequence: 1, previous: null, changedBy: CHANGED_BY };
    return [
      { ...base, aspect: 'profile', current: toProfileState(facility), payload: toProfilePayload(facility, null) },
      {
        ...base,
        aspect: 'accreditation',
        current: facility.credentials,
        payload: toAccreditationPayload(facility.id, facility.credentials, []),
      },
      { ...base, aspect: 'insurance', current: toInsuranceState(facility), payload: toInsurancePayload(facility, null) },
    ];
  }

  /** Applies a directory row to a stored facility, aspect by aspect; returns whether anything changed. */
  private applyRow(facility: FacilityEntity, row: DirectoryFacility, changes: FacilityChange[]): boolean {
    let changed = false;
    const now = new Date();
    const previousProfile = toProfileState(facility);
    const { credentials, payers, sourceRef: _source, ...directoryProfile } = row;
    // The directory says which programs run, not their ASAM detail: keep detail entered through the API.
    const known = new Map(facility.programs.map((program) => [program.levelOfCare, program]));
    const profile = { ...directoryProfile, programs: row.programs.map((program) => known.get(program.levelOfCare) ?? program) };
    const candidate = Object.assign(new FacilityEntity(), facility, profile);
    if (!isDeepStrictEqual({ ...toProfileState(candidate), updatedAt: '' }, { ...previousProfile, updatedAt: '' })) {
      Object.assign(facility, profile, { updatedAt: now, profileVersion: facility.profileVersion + 1 });
      changes.push({
        facilityId: facility.id,
        aspect: 'profile',
        sequence: facility.profileVersion,
        previous: previousProfile,
        current: toProfileState(facility),
        changedBy: CHANGED_BY,
        payload: toProfilePayload(facility, previousProfile),
      });
      changed = true;
    }
    // The directory says which credentials a facility holds, not their expiry or number: it only adds
    // types not yet recorded, and never removes or rewrites what staff entered through the API.
    const previousCredentials = toStoredCredentials(facility.credentials);
    const recorded = new Set(previousCredentials.map((credential) => credential.type));
    const nextCredentials = [
      ...previousCredentials,
      ...newCredentials(
        credentials.filter((credential) => !recorded.has(credential.type)),
        'directory-listed',
      ),
    ];
    if (nextCredentials.length !== previousCredentials.length) {
      Object.assign(facility, { credentials: nextCredentials, updatedAt: now, accreditationVersion: facility.accreditationVersion + 1 });
      changes.push({
        facilityId: facility.id,
        aspect: 'accreditation',
        sequence: facility.accreditationVersion,
        previous: previousCredentials,
        current: nextCredentials,
        changedBy: CHANGED_BY,
        payload: toAccreditationPayload(facility.id, nextCredentials, previousCredentials),
      });
      changed = true;
    }
    const previousInsurance = toInsuranceState(facility);
    if (!isDeepStrictEqual([...previousInsurance.payers].sort(), [...payers].sort())) {
      Object.assign(facility, { payers, updatedAt: now, insuranceVersion: facility.insuranceVersion + 1 });
      changes.push({
        facilityId: facility.id,
        aspect: 'insurance',
        sequence: facility.insuranceVersion,
        previous: previousInsurance,
        current: toInsuranceState(facility),
        changedBy: CHANGED_BY,
        payload: toInsurancePayload(facility, previousInsurance),
      });
      changed = true;
    }
    return changed;
  }

  /** A program the directory no longer lists takes its bed lines with it, announced as a capacity change. */
  private async dropOrphanedBeds(tx: Transaction, facilities: FacilityEntity[]): Promise<FacilityChange[]> {
    const levels = new Map(facilities.map((facility) => [facility.id, facility]));
    const orphaned: BedCountEntity[] = (
      await this.facilities.bedsOfMany(
        tx,
        facilities.map((facility) => facility.id),
      )
    ).filter((bed) => !levels.get(bed.facilityId)!.levelsOfCare.includes(bed.levelOfCare));
    const changes: FacilityChange[] = [];
    for (const facilityId of new Set(orphaned.map((bed) => bed.facilityId))) {
      const facility = levels.get(facilityId)!;
      const before = await this.facilities.bedsOf(tx, facilityId);
      await this.facilities.deleteBedLevels(
        tx,
        facilityId,
        orphaned.filter((bed) => bed.facilityId === facilityId).map((bed) => bed.levelOfCare),
      );
      const after = before.filter((bed) => facility.levelsOfCare.includes(bed.levelOfCare));
      facility.capacityVersion += 1;
      await this.facilities.setCapacityVersion(tx, facilityId, facility.capacityVersion);
      const payload = toCapacityPayload(facilityId, after, before);
      changes.push({
        facilityId,
        aspect: 'capacity',
        sequence: facility.capacityVersion,
        previous: payload.previousBeds,
        current: payload.beds,
        changedBy: CHANGED_BY,
        payload,
      });
    }
    return changes;
  }

  /**
   * Demo counts for the programs that have no bed line yet. A re-import never overwrites a count, and
   * never adds to a bed board anyone but the import has reported on; a board the import made gets a
   * line for a level the directory now states (e.g. a residential program read from a bare RES code).
   */
  private async setDemoBeds(tx: Transaction, facilities: FacilityEntity[]): Promise<FacilityChange[]> {
    const ids = facilities.map((facility) => facility.id);
    const lines = await this.facilities.bedsOfMany(tx, ids);
    const boards = new Map<string, BedCountEntity[]>();
    for (const line of lines) boards.set(line.facilityId, [...(boards.get(line.facilityId) ?? []), line]);
    const reportedByOthers = await this.facilities.capacityReportedByOthers(tx, ids, CHANGED_BY);
    const now = new Date();
    const changes: FacilityChange[] = [];
    const added: BedCountEntity[] = [];
    for (const facility of facilities) {
      const board = boards.get(facility.id) ?? [];
      if (board.length > 0 && reportedByOthers.has(facility.id)) continue;
      const covered = new Set(board.map((line) => line.levelOfCare));
      const beds = LEVELS_OF_CARE.filter((level) => facility.levelsOfCare.includes(level) && !covered.has(level)).map((levelOfCare) =>
        Object.assign(new BedCountEntity(), {
          facilityId: facility.id,
          levelOfCare,
          bedType: 'general' as const,
          ...demoBedCount(facility.sourceRef ?? facility.id, levelOfCare),
          held: 0,
          waitlist: false,
          typicalWaitDays: null,
          confirmedAt: now,
        }),
      );
      if (beds.length === 0) continue;
      added.push(...beds);
      facility.capacityVersion += 1;
      const payload = toCapacityPayload(facility.id, [...board, ...beds].sort(byLevelAndType), [...board].sort(byLevelAndType));
      changes.push({
        facilityId: facility.id,
        aspect: 'capacity',
        sequence: facility.capacityVersion,
        previous: payload.previousBeds,
        current: payload.beds,
        changedBy: CHANGED_BY,
        payload,
      });
    }
    await this.facilities.insertBeds(tx, added);
    await this.facilities.bumpCapacityVersions(
      tx,
      changes.map((change) => change.facilityId),
    );
    return changes;
  }
}
