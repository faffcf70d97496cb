import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '#config';

export class RegistryConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  REGISTRY_PORT: number = 3001;
}
