import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';
import { DEFAULT_PUBLIC_BASE_URL, IsPublicBaseUrl, SCHEMA_NAME, SecuredServiceConfig, ServiceConfig } from '#config';

export const REGISTRY_SERVICE_NAME = 'facility-registry';

/** The schema the registry keeps its tables in unless DATABASE_SCHEMA names another. */
export const REGISTRY_SCHEMA = 'registry';

const SCHEMA_MESSAGE = 'DATABASE_SCHEMA must be a lower-case PostgreSQL schema name (a-z, 0-9, _; at most 63 characters)';

/** What the registry's database needs, and all the directory import loads: it checks no tokens, so it needs no JWT_SECRET. */
export class RegistryDatabaseConfig extends ServiceConfig {
  /** The PostgreSQL schema of facilities, bed counts, holds and their history. */
  @Matches(SCHEMA_NAME, { message: SCHEMA_MESSAGE })
  DATABASE_SCHEMA: string = REGISTRY_SCHEMA;
}

export class RegistryConfig extends SecuredServiceConfig {
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

  /** The identity service, asked whether an account behind a token is still active (same variable as the gateway's). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'IDENTITY_URL must be an http(s) URL' })
  IDENTITY_URL: string = 'http://127.0.0.1:3004';

  /**
   * How long identity's answer about an account (active, token version) is reused, in milliseconds: a
   * deactivation or change of access takes effect here within this. At most 30 s.
   */
  @IsInt()
  @Min(0)
  @Max(30_000, { message: 'ACCESS_STATUS_CACHE_MS must be at most 30000: revoked access must end within 30 s' })
  ACCESS_STATUS_CACHE_MS: number = 30_000;

  /**
   * While identity cannot be reached, how long its last answer about an account still counts, in
   * milliseconds; after that the account's requests get 503 rather than go unchecked.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  ACCESS_STATUS_STALE_MS: number = 300_000;

  /**
   * Where clients reach the system (the gateway), e.g. https://referrals.example.org: the base of the links
   * in FHIR answers, which are never built from the request's Host header (a client could forge it).
   */
  @IsPublicBaseUrl()
  PUBLIC_BASE_URL: string = DEFAULT_PUBLIC_BASE_URL;

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
