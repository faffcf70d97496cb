import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '#config';

export class MatcherConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  MATCHER_PORT: number = 3003;

  /** How many ranked facilities a match result lists. */
  @IsInt()
  @Min(1)
  @Max(100)
  MATCH_LIMIT: number = 10;
}
