import { loadConfig, ServiceConfig } from '#config';
import { serviceDatabaseModule } from '#persistence';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS } from './database/registry.schema.js';

export const REGISTRY_SCHEMA = 'registry';
export const REGISTRY_SERVICE_NAME = 'facility-registry';

/** The registry's database, shared by the service and the directory import (which needs no other setting). */
export const registryDatabase = serviceDatabaseModule({
  databaseUrl: loadConfig(ServiceConfig).DATABASE_URL,
  schema: REGISTRY_SCHEMA,
  entities: REGISTRY_ENTITIES,
  migrations: REGISTRY_MIGRATIONS,
});
