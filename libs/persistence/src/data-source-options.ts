import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface ServiceDataSourceSpec {
  readonly databaseUrl: string;
  /** The schema the service owns; all its tables, including migration bookkeeping, live there. */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
  readonly poolSize?: number;
}

/** Migrations, never `synchronize`: the schema a service runs against is the one that was reviewed. */
export function serviceDataSourceOptions(spec: ServiceDataSourceSpec): DataSourceOptions {
  return {
    type: 'postgres',
    url: spec.databaseUrl,
    schema: spec.schema,
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    migrationsTableName: 'migrations',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // search_path lets hand-written SQL name the service's tables without a schema prefix.
    extra: { max: spec.poolSize ?? 10, application_name: spec.schema, options: `-c search_path=${spec.schema},public` },
    // Never log failing queries: their parameters may hold patient data. Errors still propagate.
    logging: ['warn', 'migration'],
  };
}
