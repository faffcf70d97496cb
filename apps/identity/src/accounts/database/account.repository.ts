import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { entityManagerOf, type Transaction } from '#persistence';
import type { SsoIdentity } from '../../auth/domain/sso-sign-in.js';
import { AccountChangeEntity } from './account-change.entity.js';
import { AccountEntity } from './account.entity.js';
import type { AccessFields, AccountFields, AccountRepository, NewAccountChange, NewApiKey } from './account.repository.port.js';
import { ApiKeyEntity } from './api-key.entity.js';

@Injectable()
export class TypeOrmAccountRepository implements AccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOne({ where: { id } });
  }

  listByEmail(): Promise<AccountEntity[]> {
    return this.dataSource.getRepository(AccountEntity).find({ order: { email: 'ASC' } });
  }

  findActiveByEmail(email: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOne({ where: { email, active: true } });
  }

  findActiveById(id: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOne({ where: { id, active: true } });
  }

  findUnrevokedApiKey(prefix: string): Promise<ApiKeyEntity | null> {
    const now = new Date();
    return this.dataSource.getRepository(ApiKeyEntity).findOne({
      where: [
        { prefix, revokedAt: IsNull(), expiresAt: IsNull() },
        { prefix, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      ],
    });
  }

  findApiKeyByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { prefix } });
  }

  listApiKeys(accountId: string): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ where: { accountId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  listChanges(accountId: string): Promise<AccountChangeEntity[]> {
    return this.dataSource.getRepository(AccountChangeEntity).find({ where: { accountId }, order: { id: 'ASC' } });
  }

  lockById(tx: Transaction, id: string): Promise<AccountEntity | null> {
    return entityManagerOf(tx)
      .getRepository(AccountEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  changeAccess(tx: Transaction, account: AccountEntity, fields: AccessFields): Promise<AccountEntity> {
    return entityManagerOf(tx)
      .getRepository(AccountEntity)
      .save(Object.assign(account, fields, { tokenVersion: account.tokenVersion + 1 }));
  }

  findApiKey(tx: Transaction, accountId: string, keyId: string): Promise<ApiKeyEntity | null> {
    return entityManagerOf(tx)
      .getRepository(ApiKeyEntity)
      .findOne({ where: { id: keyId, accountId } });
  }

  revokeApiKey(tx: Transaction, key: ApiKeyEntity, at: Date): Promise<ApiKeyEntity> {
    return entityManagerOf(tx)
      .getRepository(ApiKeyEntity)
      .save(Object.assign(key, { revokedAt: at }));
  }

  async recordChange(tx: Transaction, change: NewAccountChange): Promise<void> {
    await entityManagerOf(tx).getRepository(AccountChangeEntity).save(Object.assign(new AccountChangeEntity(), change));
  }

  findByEmail(tx: Transaction, email: string): Promise<AccountEntity | null> {
    return entityManagerOf(tx).getRepository(AccountEntity).findOne({ where: { email } });
  }

  save(tx: Transaction, fields: AccountFields, existing: AccountEntity | null = null): Promise<AccountEntity> {
    const version = existing ? { tokenVersion: existing.tokenVersion + 1 } : {};
    return entityManagerOf(tx)
      .getRepository(AccountEntity)
      .save(Object.assign(existing ?? new AccountEntity(), fields, version));
  }

  async addApiKey(tx: Transaction, key: NewApiKey): Promise<string> {
    const saved = await entityManagerOf(tx)
      .getRepository(ApiKeyEntity)
      .save({ ...key, revokedAt: null });
    return saved.id;
  }

  async bindSsoIdentity(tx: Transaction, accountId: string, identity: Pick<SsoIdentity, 'issuer' | 'subject'>): Promise<boolean> {
    // One statement, so that two first sign-ins at once cannot both bind: the second finds it bound.
    const result = await entityManagerOf(tx)
      .createQueryBuilder()
      .update(AccountEntity)
      .set({ ssoIssuer: identity.issuer, ssoSubject: identity.subject })
      .where('id = :accountId', { accountId })
      .andWhere('(sso_issuer IS NULL OR (sso_issuer = :issuer AND sso_subject = :subject))', {
        issuer: identity.issuer,
        subject: identity.subject,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
