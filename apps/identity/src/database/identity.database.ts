import type { DynamicModule } from '@nestjs/common';
import { serviceDatabaseModule } from '#persistence';
import { AccountChangeEntity } from '../accounts/database/account-change.entity.js';
import { AccountEntity } from '../accounts/database/account.entity.js';
import { ApiKeyEntity } from '../accounts/database/api-key.entity.js';
import type { IdentityDatabaseConfig } from '../identity.config.js';
import { CreateAccounts1764200000000 } from './migrations/1764200000000-create-accounts.migration.js';
import { SsoIdentity1765300000000 } from './migrations/1765300000000-sso-identity.migration.js';
import { AccessRevocation1765500000000 } from './migrations/1765500000000-access-revocation.migration.js';
import { SignInAttempts1766100000000 } from './migrations/1766100000000-sign-in-attempts.migration.js';

/** The accounts database (and the UnitOfWork), for the service and for the account CLI alike. */
export function identityDatabase(
  config: Pick<IdentityDatabaseConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE'>,
): DynamicModule {
  return serviceDatabaseModule({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolSize: config.DATABASE_POOL_SIZE,
    entities: [AccountEntity, ApiKeyEntity, AccountChangeEntity],
    migrations: [CreateAccounts1764200000000, SsoIdentity1765300000000, AccessRevocation1765500000000, SignInAttempts1766100000000],
  });
}
