import { loadConfig, ServiceConfig } from '#config';
import { serviceDatabaseModule } from '#persistence';
import { AccountEntity } from './accounts/account.entity.js';
import { ApiKeyEntity } from './accounts/api-key.entity.js';
import { CreateAccounts1764200000000 } from './database/migrations/1764200000000-create-accounts.migration.js';

export const IDENTITY_SCHEMA = 'identity';

export const identityDatabase = serviceDatabaseModule({
  databaseUrl: loadConfig(ServiceConfig).DATABASE_URL,
  schema: IDENTITY_SCHEMA,
  entities: [AccountEntity, ApiKeyEntity],
  migrations: [CreateAccounts1764200000000],
});
