import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { BedCountEntity } from './bed-count.entity.js';
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
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize);
    if (filter.state) query.andWhere('facility.state = :state', { state: filter.state });
    if (filter.zip) query.andWhere('facility.zip = :zip', { zip: filter.zip });
    if (filter.levelOfCare) query.andWhere(':level = ANY(facility.levels_of_care)', { level: filter.levelOfCare });
    if (filter.name) query.andWhere('facility.name ILIKE :name', { name: `%${filter.name.replace(/[%_\\]/g, '\\$&')}%` });
    const [items, total] = await query.getManyAndCount();
    return { items, total };
  }

  lockForUpdate(manager: EntityManager, id: string): Promise<FacilityEntity | null> {
    return manager.getRepository(FacilityEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  bedsOf(manager: EntityManager, facilityId: string): Promise<BedCountEntity[]> {
    return manager.getRepository(BedCountEntity).find({ where: { facilityId }, order: { levelOfCare: 'ASC' } });
  }

  async saveBeds(manager: EntityManager, beds: readonly BedCountEntity[]): Promise<void> {
    await manager.getRepository(BedCountEntity).upsert([...beds], ['facilityId', 'levelOfCare']);
  }

  async nextCapacityVersion(manager: EntityManager, facilityId: string): Promise<number> {
    const rows: { capacity_version: number }[] = await manager.query(
      `WITH bumped AS (
         UPDATE facilities SET capacity_version = capacity_version + 1 WHERE id = $1 RETURNING capacity_version
       ) SELECT capacity_version FROM bumped`,
      [facilityId],
    );
    return rows[0]!.capacity_version;
  }
}
