import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '#config';

export class RegistryConfig extends ServiceConfig {
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
