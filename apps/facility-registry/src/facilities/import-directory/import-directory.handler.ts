import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import { DataSource, type EntityManager } from 'typeorm';
import zipcodes from 'zipcodes';
import { LEVELS_OF_CARE, Topic } from '#contracts';
import { OutboxWriter } from '#messaging';
import type { BedCountEntity } from '../bed-count.entity.js';
import type { FacilityEntity } from '../facility.entity.js';
import { toCapacityPayload, toProfilePayload } from '../facility-events.js';
import { demoBedCount } from './demo-beds.js';
import { mapSamhsaRow, type DirectoryFacility, type Geocoder, type SamhsaRow } from './samhsa-row.mapper.js';

export interface ImportDirectoryOptions {
  readonly file: string;
  /** Only these states (e.g. for a small demo); all when empty. */
  readonly states: readonly string[];
  /** Give facilities without bed counts a plausible demo inventory. */
  readonly demoBeds: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skippedByState: number;
  rejected: { row: number; facilityId: string; reason: string }[];
  demoBedsSet: number;
}

const CHUNK = 500;

export const zipGeocoder: Geocoder = (zip) => {
  const found = zipcodes.lookup(zip);
  return found ? { latitude: found.latitude, longitude: found.longitude } : undefined;
};

const PROFILE_COLUMNS = [
  'source_ref', 'name', 'street', 'city', 'state', 'zip', 'phone', 'latitude', 'longitude', 'levels_of_care',
  'payers', 'populations', 'genders_accepted', 'age_groups_accepted', 'credentials',
] as const;

/** Columns whose change counts as a new profile version (and so a new event). */
const COMPARED = PROFILE_COLUMNS.filter((column) => column !== 'source_ref');

interface FacilityRow {
  id: string;
  source_ref: string;
  inserted: boolean;
  [column: string]: unknown;
}

/**
 * Loads the national directory. Idempotent: rows are matched on their SAMHSA id, a row whose
 * content is unchanged is left alone (no new version, no event), a changed one is updated.
 */
@Injectable()
export class ImportDirectoryHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(options: ImportDirectoryOptions): Promise<ImportProgress> {
    const progress: ImportProgress = {
      rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, skippedByState: 0, rejected: [], demoBedsSet: 0,
    };
    const parser = createReadStream(options.file)
      .pipe(createGunzip())
      .pipe(parse({ columns: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
    let chunk: DirectoryFacility[] = [];
    for await (const record of parser as AsyncIterable<SamhsaRow>) {
      progress.rowsRead += 1;
      const mapped = mapSamhsaRow(record, zipGeocoder);
      if (!mapped.ok) {
        progress.rejected.push({ row: progress.rowsRead + 1, facilityId: record.facility_id ?? '', reason: mapped.reason });
        continue;
      }
      if (options.states.length > 0 && !options.states.includes(mapped.facility.state)) {
        progress.skippedByState += 1;
        continue;
      }
      chunk.push(mapped.facility);
      if (chunk.length === CHUNK) {
        await this.importChunk(chunk, options.demoBeds, progress);
        options.onProgress?.(progress);
        chunk = [];
      }
    }
    if (chunk.length > 0) await this.importChunk(chunk, options.demoBeds, progress);
    options.onProgress?.(progress);
    return progress;
  }

  private async importChunk(facilities: DirectoryFacility[], demoBeds: boolean, progress: ImportProgress): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const changed = await this.upsertProfiles(manager, facilities);
      for (const row of changed) {
        if (row.inserted) progress.inserted += 1;
        else progress.updated += 1;
      }
      progress.unchanged += facilities.length - changed.length;
      const refs = new Set(changed.map((row) => row.source_ref));
      const full: FacilityEntity[] = await manager.query(
        `SELECT id, name, city, state, zip, latitude, longitude, active, levels_of_care AS "levelsOfCare",
                payers, populations, genders_accepted AS "gendersAccepted", age_groups_accepted AS "ageGroupsAccepted",
                credentials, updated_at AS "updatedAt", profile_version AS "profileVersion", source_ref AS "sourceRef"
           FROM facilities WHERE source_ref = ANY($1)`,
        [facilities.map((facility) => facility.sourceRef)],
      );
      await this.outbox.append(
        manager,
        full
          .filter((facility) => refs.has(facility.sourceRef!))
          .map((facility) => ({
            topic: Topic.FacilityProfile,
            key: facility.id,
            sequence: facility.profileVersion,
            payload: toProfilePayload(facility),
          })),
      );
      if (demoBeds) progress.demoBedsSet += await this.setDemoBeds(manager, full);
    });
  }

  private async upsertProfiles(manager: EntityManager, facilities: DirectoryFacility[]): Promise<FacilityRow[]> {
    const values: unknown[] = [];
    const tuples = facilities.map((facility) => {
      const row = [
        facility.sourceRef, facility.name, facility.street, facility.city, facility.state, facility.zip, facility.phone,
        facility.latitude, facility.longitude, facility.levelsOfCare, facility.payers, facility.populations,
        facility.gendersAccepted, facility.ageGroupsAccepted, JSON.stringify(facility.credentials),
      ];
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      placeholders[14] = `${placeholders[14]}::jsonb`;
      return `(${placeholders.join(', ')})`;
    });
    return manager.query(
      `INSERT INTO facilities (${PROFILE_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (source_ref) DO UPDATE SET
         ${COMPARED.map((column) => `${column} = EXCLUDED.${column}`).join(', ')},
         profile_version = facilities.profile_version + 1,
         updated_at = now()
       WHERE (${COMPARED.map((column) => `facilities.${column}`).join(', ')})
             IS DISTINCT FROM (${COMPARED.map((column) => `EXCLUDED.${column}`).join(', ')})
       RETURNING id, source_ref, (xmax = 0) AS inserted`,
      values,
    );
  }

  /** Only facilities with no bed record yet get demo counts: a re-import never overwrites real ones. */
  private async setDemoBeds(manager: EntityManager, facilities: FacilityEntity[]): Promise<number> {
    const values: unknown[] = [];
    const tuples: string[] = [];
    const now = new Date();
    for (const facility of facilities) {
      for (const level of LEVELS_OF_CARE.filter((candidate) => facility.levelsOfCare.includes(candidate))) {
        const { staffed, available } = demoBedCount(facility.sourceRef!, level);
        values.push(facility.id, level, staffed, available, now);
        const n = values.length;
        tuples.push(`($${n - 4}::uuid, $${n - 3}::text, $${n - 2}::int, $${n - 1}::int, $${n}::timestamptz)`);
      }
    }
    if (tuples.length === 0) return 0;
    const inserted: { facility_id: string }[] = await manager.query(
      `INSERT INTO bed_counts (facility_id, level_of_care, staffed, available, confirmed_at)
       SELECT v.facility_id, v.level_of_care, v.staffed, v.available, v.confirmed_at
         FROM (VALUES ${tuples.join(', ')}) AS v(facility_id, level_of_care, staffed, available, confirmed_at)
        WHERE NOT EXISTS (SELECT 1 FROM bed_counts b WHERE b.facility_id = v.facility_id)
       RETURNING facility_id`,
      values,
    );
    const facilityIds = [...new Set(inserted.map((row) => row.facility_id))];
    if (facilityIds.length === 0) return 0;
    const versions: { id: string; capacity_version: number }[] = await manager.query(
      // Wrapped in a CTE because TypeORM returns UPDATE ... RETURNING as [rows, count], a SELECT as rows.
      `WITH bumped AS (
         UPDATE facilities SET capacity_version = capacity_version + 1 WHERE id = ANY($1::uuid[]) RETURNING id, capacity_version
       ) SELECT id, capacity_version FROM bumped`,
      [facilityIds],
    );
    const beds: (BedCountEntity & { facility_id: string })[] = await manager.query(
      `SELECT facility_id, facility_id AS "facilityId", level_of_care AS "levelOfCare", staffed, available,
              confirmed_at AS "confirmedAt"
         FROM bed_counts WHERE facility_id = ANY($1::uuid[]) ORDER BY level_of_care`,
      [facilityIds],
    );
    await this.outbox.append(
      manager,
      versions.map((version) => ({
        topic: Topic.FacilityCapacity,
        key: version.id,
        sequence: version.capacity_version,
        payload: toCapacityPayload(version.id, beds.filter((bed) => bed.facility_id === version.id), []),
      })),
    );
    return facilityIds.length;
  }
}
