import { IsInt, Matches, Max, Min } from 'class-validator';
import { AccessCheckedServiceConfig, SCHEMA_NAME, ServiceConfig } from '#config';

export const REGISTRY_SERVICE_NAME = 'facility-registry';

/** The schema the registry keeps its tables in unless DATABASE_SCHEMA names another. */
export const REGISTRY_SCHEMA = 'registry';

const SCHEMA_MESSAGE = 'DATABASE_SCHEMA must be a lower-case PostgreSQL schema name (a-z, 0-9, _; at most 63 characters)';

/** What the registry's database needs, and all the directory import loads: it checks no tokens, so it needs no token settings. */
export class RegistryDatabaseConfig extends ServiceConfig {
  /** The PostgreSQL schema of facilities, bed counts, holds and their history. */
  @Matches(SCHEMA_NAME, { message: SCHEMA_MESSAGE })
  DATABASE_SCHEMA: string = REGISTRY_SCHEMA;
}

export class RegistryConfig extends AccessCheckedServiceConfig {
  /** It produces and consumes events, so KAFKA_USERNAME and KAFKA_PASSWORD are required. */
  override get usesKafka(): boolean {
    return true;
  }

  /** The PostgreSQL schema of facilities, bed counts, holds and their history (as RegistryDatabaseConfig). */
  @Matches(SCHEMA_NAME, { message: SCHEMA_MESSAGE })
  DATABASE_SCHEMA: string = REGISTRY_SCHEMA;

  @IsInt()
  @Min(1)
  @Max(65535)
  REGISTRY_PORT: number = 3001;

  /** The registry's Prometheus metrics (GET /metrics), on HOST: an internal port, never the API one. */
  @IsInt()
  @Min(1)
  @Max(65535)
  REGISTRY_METRICS_PORT: number = 3011;

  /** A bed count nobody confirmed for longer than this is shown as stale (and matching ignores it). */
  @IsInt()
  @Min(1)
  @Max(720)
  BED_COUNT_STALE_HOURS: number = 24;

  /** How long a bed stays held for a referral the facility has not answered; then it returns. */
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 3600)
  BED_HOLD_SECONDS: number = 4 * 3600;

  /** How often the registry looks for holds that ran out. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  BED_HOLD_SWEEP_MS: number = 5_000;
}
