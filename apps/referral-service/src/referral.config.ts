import { IsInt, Max, Min } from 'class-validator';
import { SecuredServiceConfig } from '#config';

export class ReferralConfig extends SecuredServiceConfig {
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
}
