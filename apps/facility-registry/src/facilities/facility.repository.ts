import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { BedCountEntity } from './bed-count.entity.js';
import { FacilityChangeEntity, type FacilityAspect } from './facility-change.entity.js';
import { FacilityEntity } from './facility.entity.js';
import type { FacilityRepository, FacilitySearch } from './facility.repository.port.js';

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

  lockForUpdate(manager: EntityManager, id: string): Promise<FacilityEntity | null> {
    return manager.getRepository(FacilityEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  bedsOf(manager: EntityManager, facilityId: string): Promise<BedCountEntity[]> {
    return manager.getRepository(BedCountEntity).find({ where: { facilityId }, order: { levelOfCare: 'ASC', bedType: 'ASC' } });
  }

  async saveBeds(manager: EntityManager, beds: readonly BedCountEntity[]): Promise<void> {
    await manager.getRepository(BedCountEntity).upsert([...beds], ['facilityId', 'levelOfCare', 'bedType']);
  }

  async nextVersion(manager: EntityManager, facilityId: string, aspect: 'accreditation' | 'insurance' | 'capacity'): Promise<number> {
    const column = `${aspect}_version`;
    // Wrapped in a CTE because TypeORM returns UPDATE ... RETURNING as [rows, count], a SELECT as rows.
    const rows: { version: number }[] = await manager.query(
      `WITH bumped AS (
         UPDATE facilities SET ${column} = ${column} + 1 WHERE id = $1 RETURNING ${column} AS version
       ) SELECT version FROM bumped`,
      [facilityId],
    );
    return rows[0]!.version;
  }

  async deleteBeds(manager: EntityManager, beds: readonly BedCountEntity[]): Promise<void> {
    for (const bed of beds) {
      await manager.delete(BedCountEntity, { facilityId: bed.facilityId, levelOfCare: bed.levelOfCare, bedType: bed.bedType });
    }
  }

  async saveProfile(manager: EntityManager, facility: FacilityEntity): Promise<void> {
    const { beds: _beds, id, ...columns } = facility;
    await manager.update(FacilityEntity, { id }, columns);
  }

  async insert(manager: EntityManager, facility: FacilityEntity): Promise<FacilityEntity> {
    const { beds: _beds, ...columns } = facility;
    const result = await manager.insert(FacilityEntity, columns);
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
}
