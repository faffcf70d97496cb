import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions, type ServiceDataSourceSpec } from './data-source-options.js';
import { ensureDatabase, ensureSchema } from './database-setup.js';
import { untilReachable } from './until-reachable.js';

/** The service's TypeORM connection: creates its database and schema if missing, then migrates. */
export function serviceDatabaseModule(spec: ServiceDataSourceSpec): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      // PostgreSQL may still be starting (services start in any order): wait for it with backoff.
      await untilReachable('PostgreSQL', () => ensureDatabase(spec.databaseUrl));
      await ensureSchema(spec.databaseUrl, spec.schema);
      return serviceDataSourceOptions(spec);
    },
  });
}
