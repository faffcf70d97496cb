import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { entityManagerOf, type Transaction } from '#persistence';
import type { SsoIdentity } from '../../auth/domain/sso-sign-in.js';
import { AccountEntity } from './account.entity.js';
import type { AccountFields, AccountRepository, NewApiKey } from './account.repository.port.js';
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
    return this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { prefix, revokedAt: IsNull() } });
  }

  findByEmail(tx: Transaction, email: string): Promise<AccountEntity | null> {
    return entityManagerOf(tx).getRepository(AccountEntity).findOne({ where: { email } });
  }

  save(tx: Transaction, fields: AccountFields, existing: AccountEntity | null = null): Promise<AccountEntity> {
    return entityManagerOf(tx)
      .getRepository(AccountEntity)
      .save(Object.assign(existing ?? new AccountEntity(), fields));
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
