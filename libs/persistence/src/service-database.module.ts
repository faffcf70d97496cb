import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions, type ServiceDataSourceSpec } from './data-source-options.js';
import { ensureDatabase, ensureSchema } from './database-setup.js';

/** The service's TypeORM connection: creates its database and schema if missing, then migrates. */
export function serviceDatabaseModule(spec: ServiceDataSourceSpec): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      await ensureDatabase(spec.databaseUrl);
      await ensureSchema(spec.databaseUrl, spec.schema);
      return serviceDataSourceOptions(spec);
    },
  });
}
