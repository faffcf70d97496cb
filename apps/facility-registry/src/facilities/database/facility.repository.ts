import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { LevelOfCare } from '#contracts';
import { entityManagerOf, type Transaction } from '#persistence';
import type { FacilityAspect } from '../domain/facility-aspects.js';
import { BedCountEntity } from './bed-count.entity.js';
import { FacilityChangeEntity } from './facility-change.entity.js';
import { FacilityEntity } from './facility.entity.js';
import type { FacilityRepository, FacilitySearch } from './facility.repository.port.js';

/** Rows per INSERT when writing in bulk. */
const CHUNK = 500;

@Injectable()
export class TypeOrmFacilityRepository implements FacilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findWithBeds(id: string): Promise<FacilityEntity | null> {
    return this.dataSource.getRepository(FacilityEntity).findOne({ where: { id }, relations: { beds: true } });
  }

  async search(filter: FacilitySearch): Promise<{ items: FacilityEntity[]; total: number }> {
    const query = this.dataSource
      .getRepository(FacilityEntity)
      .createQueryBuilder('facility')
      .leftJoinAndSelect('facility.beds', 'beds')
      .orderBy('facility.state')
      .addOrderBy('facility.name')
      .addOrderBy('facility.id')
      .skip(filter.offset ?? (filter.page - 1) * filter.pageSize)
      .take(filter.pageSize);
    if (filter.state) query.andWhere('facility.state = :state', { state: filter.state });
    if (filter.zip) query.andWhere('facility.zip = :zip', { zip: filter.zip });
    if (filter.levelOfCare) query.andWhere(':level = ANY(facility.levels_of_care)', { level: filter.levelOfCare });
    if (filter.ids) query.andWhere('facility.id IN (:...ids)', { ids: filter.ids });
    if (filter.city) query.andWhere('lower(facility.city) = lower(:city)', { city: filter.city });
    if (filter.active !== undefined) query.andWhere('facility.active = :active', { active: filter.active });
    if (filter.name) query.andWhere('facility.name ILIKE :name', { name: `%${filter.name.replace(/[%_\\]/g, '\\$&')}%` });
    const [items, total] = await query.getManyAndCount();
    return { items, total };
  }

  lockForUpdate(tx: Transaction, id: string): Promise<FacilityEntity | null> {
    return entityManagerOf(tx)
      .getRepository(FacilityEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  bedsOf(tx: Transaction, facilityId: string): Promise<BedCountEntity[]> {
    return entityManagerOf(tx)
      .getRepository(BedCountEntity)
      .find({ where: { facilityId }, order: { levelOfCare: 'ASC', bedType: 'ASC' } });
  }

  async saveBeds(tx: Transaction, beds: readonly BedCountEntity[]): Promise<void> {
    await entityManagerOf(tx)
      .getRepository(BedCountEntity)
      .upsert([...beds], ['facilityId', 'levelOfCare', 'bedType']);
  }

  async nextVersion(tx: Transaction, facilityId: string, aspect: 'accreditation' | 'insurance' | 'capacity'): Promise<number> {
    const column = `${aspect}_version`;
    // Wrapped in a CTE because TypeORM returns UPDATE ... RETURNING as [rows, count], a SELECT as rows.
    const rows: { version: number }[] = await entityManagerOf(tx).query(
      `WITH bumped AS (
         UPDATE facilities SET ${column} = ${column} + 1 WHERE id = $1 RETURNING ${column} AS version
       ) SELECT version FROM bumped`,
      [facilityId],
    );
    return rows[0]!.version;
  }

  async deleteBeds(tx: Transaction, beds: readonly BedCountEntity[]): Promise<void> {
    const manager = entityManagerOf(tx);
    for (const bed of beds) {
      await manager.delete(BedCountEntity, { facilityId: bed.facilityId, levelOfCare: bed.levelOfCare, bedType: bed.bedType });
    }
  }

  async saveProfile(tx: Transaction, facility: FacilityEntity): Promise<void> {
    const { beds: _beds, id, ...columns } = facility;
    await entityManagerOf(tx).update(FacilityEntity, { id }, columns);
  }

  async insert(tx: Transaction, facility: FacilityEntity): Promise<FacilityEntity> {
    const { beds: _beds, ...columns } = facility;
    const result = await entityManagerOf(tx).insert(FacilityEntity, columns);
    return Object.assign(facility, result.generatedMaps[0]);
  }

  history(
    facilityId: string,
    aspect: FacilityAspect | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ items: FacilityChangeEntity[]; total: number }> {
    return this.dataSource
      .getRepository(FacilityChangeEntity)
      .findAndCount({
        where: { facilityId, ...(aspect ? { aspect } : {}) },
        order: { changedAt: 'DESC', id: 'DESC' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      })
      .then(([items, total]) => ({ items, total }));
  }

  findBySourceRefs(tx: Transaction, sourceRefs: readonly string[]): Promise<FacilityEntity[]> {
    return entityManagerOf(tx).find(FacilityEntity, { where: { sourceRef: In([...sourceRefs]) } });
  }

  async insertMany(tx: Transaction, facilities: readonly FacilityEntity[]): Promise<void> {
    const manager = entityManagerOf(tx);
    for (let start = 0; start < facilities.length; start += CHUNK) {
      const slice = facilities.slice(start, start + CHUNK);
      const result = await manager.insert(
        FacilityEntity,
        slice.map(({ beds: _beds, ...columns }) => columns),
      );
      slice.forEach((facility, index) => Object.assign(facility, result.generatedMaps[index]));
    }
  }

  bedsOfMany(tx: Transaction, facilityIds: readonly string[]): Promise<BedCountEntity[]> {
    return entityManagerOf(tx).find(BedCountEntity, { where: { facilityId: In([...facilityIds]) } });
  }

  async insertBeds(tx: Transaction, beds: readonly BedCountEntity[]): Promise<void> {
    const manager = entityManagerOf(tx);
    for (let start = 0; start < beds.length; start += CHUNK) {
      await manager.insert(
        BedCountEntity,
        beds.slice(start, start + CHUNK).map(({ facility: _facility, ...columns }) => columns),
      );
    }
  }

  async deleteBedLevels(tx: Transaction, facilityId: string, levels: readonly LevelOfCare[]): Promise<void> {
    await entityManagerOf(tx).delete(BedCountEntity, { facilityId, levelOfCare: In([...levels]) });
  }

  async setCapacityVersion(tx: Transaction, facilityId: string, version: number): Promise<void> {
    await entityManagerOf(tx).update(FacilityEntity, { id: facilityId }, { capacityVersion: version });
  }

  async bumpCapacityVersions(tx: Transaction, facilityIds: readonly string[]): Promise<void> {
    if (facilityIds.length === 0) return;
    await entityManagerOf(tx).query('UPDATE facilities SET capacity_version = capacity_version + 1 WHERE id = ANY($1::uuid[])', [
      facilityIds,
    ]);
  }

  async capacityReportedByOthers(tx: Transaction, facilityIds: readonly string[], changedBy: string): Promise<Set<string>> {
    const rows: { facility_id: string }[] = await entityManagerOf(tx).query(
      "SELECT DISTINCT facility_id FROM facility_changes WHERE aspect = 'capacity' AND changed_by <> $2 AND facility_id = ANY($1::uuid[])",
      [facilityIds, changedBy],
    );
    return new Set(rows.map((row) => row.facility_id));
  }
}
