import { IsInt, Matches, Max, Min } from 'class-validator';
import { AccessCheckedServiceConfig, SCHEMA_NAME, ServiceConfig } from '#config';

/** The PostgreSQL schema the referral service keeps its tables in, unless DATABASE_SCHEMA says otherwise. */
export const REFERRAL_SCHEMA = 'referral';

export class ReferralConfig extends AccessCheckedServiceConfig {
  /** It produces and consumes events, so KAFKA_USERNAME and KAFKA_PASSWORD are required. */
  override get usesKafka(): boolean {
    return true;
  }

  /** The schema of the service's tables (integration specs use one of their own). */
  @Matches(SCHEMA_NAME, { message: 'DATABASE_SCHEMA must be a lower-case schema name' })
  DATABASE_SCHEMA: string = REFERRAL_SCHEMA;

  @IsInt()
  @Min(1)
  @Max(65535)
  REFERRAL_PORT: number = 3002;

  /** The referral service's Prometheus metrics (GET /metrics), on HOST: an internal port, never the API one. */
  @IsInt()
  @Min(1)
  @Max(65535)
  REFERRAL_METRICS_PORT: number = 3012;

  /** How long POST /referrals waits for the matcher before answering 202 "still matching". */
  @IsInt()
  @Min(0)
  @Max(30_000)
  REFERRAL_MATCH_WAIT_MS: number = 5_000;

  /** How long sending a referral waits for the registry to hold (or refuse) the beds before answering 202. */
  @IsInt()
  @Min(0)
  @Max(30_000)
  REFERRAL_HOLD_WAIT_MS: number = 5_000;

  /** A facility that has not answered a referral within this long is skipped for the next best match. */
  @IsInt()
  @Min(10)
  @Max(7 * 24 * 3600)
  REFERRAL_ANSWER_SECONDS: number = 3600;

  /** How often unanswered referrals are looked for. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  ESCALATION_SWEEP_MS: number = 5_000;

  /**
   * How many days after admitting a patient a facility may still read their details (under a consent);
   * before admission it may while the referral awaits its answer or is accepted, and never once declined.
   */
  @IsInt()
  @Min(1)
  @Max(365)
  CONSENT_ADMISSION_WINDOW_DAYS: number = 30;

  /** Facilities one referral may have awaiting an answer (each holding a bed) at once; sending to more is refused (409). */
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_OPEN_TASKS_PER_REFERRAL: number = 5;

  /** Tasks awaiting an answer (beds held) across all referrals of one organisation (or of one account without one). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  MAX_OPEN_TASKS_PER_ORGANIZATION: number = 200;

  /** Live-update streams (GET /referrals/{id}/events) one account may have open at once, across all instances; the next gets 429. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  MAX_STREAMS_PER_ACCOUNT: number = 10;
}

/** What the service's command-line tools (`npm run audit:verify`) need: the database alone, no token secret. */
export class ReferralDatabaseConfig extends ServiceConfig {
  @Matches(SCHEMA_NAME, { message: 'DATABASE_SCHEMA must be a lower-case schema name' })
  DATABASE_SCHEMA: string = REFERRAL_SCHEMA;
}
