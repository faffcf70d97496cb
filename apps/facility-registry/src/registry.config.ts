import { IsInt, Max, Min } from 'class-validator';
import { SecuredServiceConfig } from '#config';

export class RegistryConfig extends SecuredServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  REGISTRY_PORT: number = 3001;

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
