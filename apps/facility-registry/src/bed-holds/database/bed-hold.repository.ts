import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { entityManagerOf, type Transaction } from '#persistence';
import { BedHoldEntity } from './bed-hold.entity.js';
import type { BedHoldRepository, BedLineRef } from './bed-hold.repository.port.js';

@Injectable()
export class TypeOrmBedHoldRepository implements BedHoldRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findForUpdate(tx: Transaction, taskId: string): Promise<BedHoldEntity | null> {
    return entityManagerOf(tx)
      .getRepository(BedHoldEntity)
      .findOne({ where: { taskId }, lock: { mode: 'pessimistic_write' } });
  }

  async save(tx: Transaction, hold: BedHoldEntity): Promise<void> {
    await entityManagerOf(tx)
      .getRepository(BedHoldEntity)
      .save({ ...hold, updatedAt: new Date() });
  }

  hold(tx: Transaction, line: BedLineRef): Promise<boolean> {
    return this.adjust(tx, line, 'available = available - 1, held = held + 1', 'available > 0');
  }

  release(tx: Transaction, line: BedLineRef): Promise<boolean> {
    return this.adjust(tx, line, 'available = available + 1, held = held - 1', 'held > 0');
  }

  convert(tx: Transaction, line: BedLineRef): Promise<boolean> {
    return this.adjust(tx, line, 'held = held - 1', 'held > 0');
  }

  take(tx: Transaction, line: BedLineRef): Promise<boolean> {
    return this.adjust(tx, line, 'available = available - 1', 'available > 0');
  }

  async dueForExpiry(now: Date, limit: number): Promise<{ taskId: string; facilityId: string }[]> {
    const due = await this.dataSource.getRepository(BedHoldEntity).find({
      select: { taskId: true, facilityId: true },
      where: { status: 'held', expiresAt: LessThanOrEqual(now) },
      order: { expiresAt: 'ASC' },
      take: limit,
    });
    return due.map(({ taskId, facilityId }) => ({ taskId, facilityId }));
  }

  activeAt(facilityId: string): Promise<BedHoldEntity[]> {
    return this.dataSource.getRepository(BedHoldEntity).find({ where: { facilityId, status: 'held' }, order: { expiresAt: 'ASC' } });
  }

  private async adjust(tx: Transaction, line: BedLineRef, set: string, guard: string): Promise<boolean> {
    // A CTE so TypeORM hands back rows rather than [rows, count]; the guard makes the step atomic.
    const rows: unknown[] = await entityManagerOf(tx).query(
      `WITH changed AS (
         UPDATE bed_counts SET ${set}
          WHERE facility_id = $1 AND level_of_care = $2 AND bed_type = $3 AND ${guard}
          RETURNING 1
       ) SELECT * FROM changed`,
      [line.facilityId, line.levelOfCare, line.bedType],
    );
    return rows.length === 1;
  }
}
