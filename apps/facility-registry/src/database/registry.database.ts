import type { DynamicModule } from '@nestjs/common';
import { serviceDatabaseModule } from '#persistence';
import type { RegistryDatabaseConfig } from '../registry.config.js';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS } from './registry.schema.js';

/** The registry's database (and UnitOfWork), shared by the service and the directory import. */
export function registryDatabase(
  config: Pick<RegistryDatabaseConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE'>,
): DynamicModule {
  return serviceDatabaseModule({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolSize: config.DATABASE_POOL_SIZE,
    entities: REGISTRY_ENTITIES,
    migrations: REGISTRY_MIGRATIONS,
  });
}
