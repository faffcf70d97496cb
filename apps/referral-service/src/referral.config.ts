import { IsInt, Matches, Max, Min } from 'class-validator';
import { SCHEMA_NAME, SecuredServiceConfig } from '#config';

/** The PostgreSQL schema the referral service keeps its tables in, unless DATABASE_SCHEMA says otherwise. */
export const REFERRAL_SCHEMA = 'referral';

export class ReferralConfig extends SecuredServiceConfig {
  /** The schema of the service's tables (integration specs use one of their own). */
  @Matches(SCHEMA_NAME, { message: 'DATABASE_SCHEMA must be a lower-case schema name' })
  DATABASE_SCHEMA: string = REFERRAL_SCHEMA;

  @IsInt()
  @Min(1)
  @Max(65535)
  REFERRAL_PORT: number = 3002;

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
}
