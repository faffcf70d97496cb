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
