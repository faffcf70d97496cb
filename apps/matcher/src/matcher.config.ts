import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '#config';

export class MatcherConfig extends ServiceConfig {
  /** It produces and consumes events, so KAFKA_USERNAME and KAFKA_PASSWORD are required. */
  override get usesKafka(): boolean {
    return true;
  }

  @IsInt()
  @Min(1)
  @Max(65535)
  MATCHER_PORT: number = 3003;

  /** The matcher's Prometheus metrics (GET /metrics), on HOST: an internal port, never the API one. */
  @IsInt()
  @Min(1)
  @Max(65535)
  MATCHER_METRICS_PORT: number = 3013;

  /** How many ranked facilities a match result lists. */
  @IsInt()
  @Min(1)
  @Max(100)
  MATCH_LIMIT: number = 10;

  /** A bed line nobody confirmed for longer than this counts as unknown in matching (as the registry shows it stale). */
  @IsInt()
  @Min(1)
  @Max(720)
  BED_COUNT_STALE_HOURS: number = 24;
}
