import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions, type ServiceDataSourceSpec } from './data-source-options.js';
import { ensureDatabase, ensureSchema } from './database-setup.js';
import { UnitOfWorkModule } from './unit-of-work/unit-of-work.module.js';
import { untilReachable } from './until-reachable.js';

/**
 * The service's TypeORM connection (it creates its database and schema if missing, then migrates)
 * and the UnitOfWork its use cases change state through.
 */
export function serviceDatabaseModule(spec: ServiceDataSourceSpec): DynamicModule {
  const connection = TypeOrmModule.forRootAsync({
    useFactory: async () => {
      // PostgreSQL may still be starting (services start in any order): wait for it with backoff.
      await untilReachable('PostgreSQL', () => ensureDatabase(spec.databaseUrl));
      await ensureSchema(spec.databaseUrl, spec.schema);
      return serviceDataSourceOptions(spec);
    },
  });
  return { module: UnitOfWorkModule, imports: [connection], exports: [connection] };
}
