import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, DataSource, LessThan, MoreThanOrEqual, type FindOptionsWhere } from 'typeorm';
import type { Principal } from '#auth';
import { entityManagerOf, type Transaction } from '#persistence';
import { AuditEntryEntity, type AuditAction } from './audit-entry.entity.js';

export interface AuditRecord {
  readonly action: AuditAction;
  readonly outcome: 'allowed' | 'denied';
  readonly referralId: string;
  readonly facilityId?: string | null;
  readonly consentId?: string | null;
  readonly fields?: readonly string[];
  readonly detail?: string | null;
}

export interface AuditSearch {
  readonly referralId?: string;
  readonly actor?: string;
  readonly action?: AuditAction;
  readonly outcome?: 'allowed' | 'denied';
  readonly from?: Date;
  readonly to?: Date;
  readonly page: number;
  readonly pageSize: number;
}

/** What `npm run audit:verify` found: the chain's length and head, and the first entry that breaks it. */
export interface AuditChainReport {
  readonly entries: number;
  /** The newest entry's hash: record it elsewhere to detect entries removed from the end later. */
  readonly headHash: string | null;
  readonly firstBroken: { readonly position: string; readonly reason: string } | null;
}

/**
 * The audit log of patient details: every read, every consent. Written in the caller's transaction,
 * so a disclosure and its record stand or fall together.
 */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(tx: Transaction, actor: Principal, entry: AuditRecord): Promise<void> {
    await entityManagerOf(tx).insert(AuditEntryEntity, {
      at: new Date(),
      actor: actor.sub,
      actorRole: actor.role,
      actorOrganization: actor.organization,
      action: entry.action,
      outcome: entry.outcome,
      referralId: entry.referralId,
      facilityId: entry.facilityId ?? null,
      consentId: entry.consentId ?? null,
      fields: [...(entry.fields ?? [])],
      detail: entry.detail ?? null,
    });
  }

  /** Recomputes every entry's hash with the same SQL digest the insert trigger used. */
  async verifyChain(): Promise<AuditChainReport> {
    const [summary] = (await this.dataSource.query(
      `SELECT count(*)::int AS entries, (SELECT hash FROM audit_log ORDER BY chain_position DESC LIMIT 1) AS head FROM audit_log`,
    )) as { entries: number; head: string | null }[];
    const broken = (await this.dataSource.query(
      `SELECT pos::text AS position, CASE
           WHEN pos <> expected_position THEN 'entry ' || expected_position || ' is missing'
           WHEN prev_hash <> expected_prev THEN 'does not follow the entry before it'
           ELSE 'its content no longer matches its hash' END AS reason
         FROM (SELECT entry.chain_position AS pos, entry.prev_hash, entry.hash,
                      row_number() OVER (ORDER BY entry.chain_position) AS expected_position,
                      lag(entry.hash, 1, '') OVER (ORDER BY entry.chain_position) AS expected_prev,
                      audit_entry_digest(entry.prev_hash, entry) AS expected_hash
                 FROM audit_log entry) AS checked
        WHERE pos <> expected_position OR prev_hash <> expected_prev OR hash <> expected_hash
        ORDER BY pos LIMIT 1`,
    )) as { position: string; reason: string }[];
    return { entries: summary!.entries, headHash: summary!.head, firstBroken: broken[0] ?? null };
  }

  async search(query: AuditSearch): Promise<{ items: AuditEntryEntity[]; total: number }> {
    const where: FindOptionsWhere<AuditEntryEntity> = {
      ...(query.referralId ? { referralId: query.referralId } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
    };
    if (query.from && query.to) where.at = And(MoreThanOrEqual(query.from), LessThan(query.to));
    else if (query.from) where.at = MoreThanOrEqual(query.from);
    else if (query.to) where.at = LessThan(query.to);
    const [items, total] = await this.dataSource.getRepository(AuditEntryEntity).findAndCount({
      where,
      order: { at: 'DESC', id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }
}
