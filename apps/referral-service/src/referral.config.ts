import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '#config';

export class ReferralConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  REFERRAL_PORT: number = 3002;

  /** How long POST /referrals waits for the matcher before answering 202 "still matching". */
  @IsInt()
  @Min(0)
  @Max(30_000)
  REFERRAL_MATCH_WAIT_MS: number = 5_000;
}
