import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import type { TaskStatus } from '#contracts';
import { entityManagerOf, type Transaction } from '#persistence';
import { ReferralMatchEntity } from './referral-match.entity.js';
import { ReferralEntity } from './referral.entity.js';
import { ReferralTaskEntity } from './referral-task.entity.js';
import type { OpenTaskScope } from '../domain/open-task-caps.js';
import type { ReferralRepository, TaskHold } from './referral.repository.port.js';

@Injectable()
export class TypeOrmReferralRepository implements ReferralRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: Transaction, referral: ReferralEntity): Promise<void> {
    await entityManagerOf(tx).insert(ReferralEntity, referral);
  }

  findWithMatches(id: string): Promise<ReferralEntity | null> {
    return this.dataSource.getRepository(ReferralEntity).findOne({
      where: { id },
      relations: { matches: true, tasks: true },
      order: { matches: { rank: 'ASC' }, tasks: { createdAt: 'ASC', facilityId: 'ASC' } },
    });
  }

  async referralIdOfTask(taskId: string): Promise<string | null> {
    const rows: { referral_id: string }[] = await this.dataSource.query('SELECT referral_id FROM referral_tasks WHERE id = $1', [taskId]);
    return rows[0]?.referral_id ?? null;
  }

  async followUpTaskStatuses(referralId: string): Promise<TaskStatus[]> {
    const rows: { status: TaskStatus }[] = await this.dataSource.query(
      `SELECT t.status FROM referral_tasks t JOIN referrals r ON r.id = t.referral_id WHERE r.follows_referral_id = $1`,
      [referralId],
    );
    return rows.map((row) => row.status);
  }

  async listFor(
    scope: { organization: string | null; submittedBy: string | null },
    page: number,
    pageSize: number,
  ): Promise<{ items: ReferralEntity[]; total: number }> {
    const where =
      scope.organization !== null
        ? { organization: scope.organization }
        : scope.submittedBy !== null
          ? { submittedBy: scope.submittedBy }
          : {};
    const repository = this.dataSource.getRepository(ReferralEntity);
    const [page_, total] = await repository.findAndCount({
      select: { id: true, submittedAt: true },
      where,
      order: { submittedAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    if (page_.length === 0) return { items: [], total };
    const items = await repository.find({
      where: page_.map((row) => ({ id: row.id })),
      relations: { matches: true, tasks: true },
      order: { submittedAt: 'DESC', id: 'ASC', matches: { rank: 'ASC' }, tasks: { createdAt: 'ASC', facilityId: 'ASC' } },
    });
    return { items, total };
  }

  unansweredSince(deadline: Date, limit: number): Promise<{ id: string; referralId: string }[]> {
    return this.dataSource.getRepository(ReferralTaskEntity).find({
      select: { id: true, referralId: true },
      where: { status: 'requested', createdAt: LessThanOrEqual(deadline) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  matchesOf(tx: Transaction, referralId: string): Promise<ReferralMatchEntity[]> {
    return entityManagerOf(tx).find(ReferralMatchEntity, { where: { referralId }, order: { rank: 'ASC' } });
  }

  tasksOf(tx: Transaction, referralId: string): Promise<ReferralTaskEntity[]> {
    return entityManagerOf(tx).find(ReferralTaskEntity, { where: { referralId }, order: { createdAt: 'ASC', facilityId: 'ASC' } });
  }

  findTask(tx: Transaction, referralId: string, taskId: string): Promise<ReferralTaskEntity | null> {
    return entityManagerOf(tx).findOne(ReferralTaskEntity, { where: { id: taskId, referralId } });
  }

  lockForUpdate(tx: Transaction, id: string): Promise<ReferralEntity | null> {
    return entityManagerOf(tx)
      .getRepository(ReferralEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async lockOpenTaskScope(tx: Transaction, scope: OpenTaskScope): Promise<void> {
    // A transaction-scoped advisory lock, released at commit or rollback, keyed by the scope's name in this schema
    // (advisory locks are database-wide; a hash collision only makes two scopes wait for each other).
    await entityManagerOf(tx).query(`SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || $1, 0))`, [
      openTaskLockKey(scope),
    ]);
  }

  async countOpenTasks(tx: Transaction, scope: OpenTaskScope, statuses: readonly TaskStatus[]): Promise<number> {
    const [column, value] = 'organization' in scope ? ['organization', scope.organization] : ['submitted_by', scope.submittedBy];
    const rows: { open: number }[] = await entityManagerOf(tx).query(
      `SELECT count(*)::int AS open FROM referral_tasks t JOIN referrals r ON r.id = t.referral_id
        WHERE r.${column} = $1 AND t.status = ANY($2::text[])`,
      [value, [...statuses]],
    );
    return rows[0]?.open ?? 0;
  }

  async update(tx: Transaction, referral: ReferralEntity): Promise<void> {
    const { matches: _matches, tasks: _tasks, ...columns } = referral;
    await entityManagerOf(tx).update(ReferralEntity, { id: referral.id }, columns);
  }

  async replaceMatches(tx: Transaction, referralId: string, matches: readonly ReferralMatchEntity[]): Promise<void> {
    const manager = entityManagerOf(tx);
    await manager.delete(ReferralMatchEntity, { referralId });
    if (matches.length > 0) await manager.insert(ReferralMatchEntity, [...matches]);
  }

  async updateHold(tx: Transaction, taskId: string, hold: TaskHold): Promise<void> {
    await entityManagerOf(tx).update(ReferralTaskEntity, { id: taskId }, { ...hold });
  }

  async inbox(
    facilityId: string,
    statuses: readonly TaskStatus[] | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ items: ReferralTaskEntity[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(ReferralTaskEntity).findAndCount({
      where: { facilityId, ...(statuses && statuses.length > 0 ? { status: In([...statuses]) } : {}) },
      relations: { referral: true },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }
}

/** The advisory lock's name for a scope; the prefix keeps it apart from any other advisory lock of the database. */
function openTaskLockKey(scope: OpenTaskScope): string {
  return 'organization' in scope
    ? `referral-open-tasks:organization:${scope.organization}`
    : `referral-open-tasks:account:${scope.submittedBy}`;
}
