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
}
