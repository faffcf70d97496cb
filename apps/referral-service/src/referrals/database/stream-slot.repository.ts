import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StreamSlotRepository } from './stream-slot.repository.port.js';

/** Stream places in the referral schema (table `stream_slots`), a row per open stream. */
@Injectable()
export class TypeOrmStreamSlotRepository implements StreamSlotRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  claim(account: string, instanceId: string, max: number, leaseMs: number): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      // Takes for one account wait their turn (a count then an insert could otherwise both see room for one).
      // The lock is on the account, not a row, as the account may have none yet; the schema keeps other
      // deployments sharing the database apart.
      await manager.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ' stream-slots ' || $1, 0))", [account]);
      await manager.query(
        "DELETE FROM stream_slots WHERE account = $1 AND renewed_at < now() - $2::double precision * interval '1 millisecond'",
        [account, leaseMs],
      );
      const [{ open }] = await manager.query<{ open: number }[]>('SELECT count(*)::integer AS open FROM stream_slots WHERE account = $1', [
        account,
      ]);
      if (open >= max) return null;
      const [{ id }] = await manager.query<{ id: string }[]>(
        'INSERT INTO stream_slots (account, instance_id) VALUES ($1, $2) RETURNING id',
        [account, instanceId],
      );
      return id;
    });
  }

  async release(slotId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM stream_slots WHERE id = $1', [slotId]);
  }

  async renew(instanceId: string): Promise<number> {
    const [, renewed] = await this.dataSource.query<[unknown, number]>(
      'UPDATE stream_slots SET renewed_at = now() WHERE instance_id = $1',
      [instanceId],
    );
    return renewed;
  }

  async releaseAll(instanceId: string): Promise<number> {
    const [, released] = await this.dataSource.query<[unknown, number]>('DELETE FROM stream_slots WHERE instance_id = $1', [instanceId]);
    return released;
  }

  async forgetExpired(leaseMs: number): Promise<number> {
    const [, forgotten] = await this.dataSource.query<[unknown, number]>(
      "DELETE FROM stream_slots WHERE renewed_at < now() - $1::double precision * interval '1 millisecond'",
      [leaseMs],
    );
    return forgotten;
  }

  async countOf(account: string, leaseMs: number): Promise<number> {
    const [{ open }] = await this.dataSource.query<{ open: number }[]>(
      `SELECT count(*)::integer AS open FROM stream_slots
        WHERE account = $1 AND renewed_at >= now() - $2::double precision * interval '1 millisecond'`,
      [account, leaseMs],
    );
    return open;
  }
}
