import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { from, lastValueFrom, type Observable } from 'rxjs';

/** How long a readiness answer is reused unless HEALTH_CACHE_MS says otherwise. */
export const DEFAULT_HEALTH_CACHE_MS = 2_000;

interface CachedAnswer {
  readonly answer: Promise<unknown>;
  /** When the check finished (passed or failed); unset while it runs. */
  settledAt?: number;
}

const pathOf = (target: object): string => String(Reflect.getMetadata(PATH_METADATA, target) ?? '').replace(/^\/+|\/+$/g, '');

/**
 * Answers `GET /health/ready` from the last check for `cacheMs` after it finished, and lets calls that
 * arrive while a check runs wait for that one: readiness is public, and each check opens connections
 * (a Kafka admin client, a database ping), so a flood of calls must cost one check per interval.
 * A failed check is reused too (its 503 and its one log line). Liveness and every other route pass through.
 */
export class ReadinessCacheInterceptor implements NestInterceptor {
  private readonly answers = new Map<unknown, CachedAnswer>();

  constructor(
    private readonly cacheMs: number = DEFAULT_HEALTH_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // By the route as declared (@Controller('health'), @Get('ready')), not the URL: `/HEALTH/ready/?x=1` is the same check.
    if (context.getType() !== 'http' || pathOf(context.getClass()) !== 'health' || pathOf(context.getHandler()) !== 'ready') {
      return next.handle();
    }
    const handler = context.getHandler();
    const cached = this.answers.get(handler);
    if (cached && (cached.settledAt === undefined || this.now() - cached.settledAt < this.cacheMs)) return from(cached.answer);
    const fresh: CachedAnswer = { answer: lastValueFrom(next.handle()) };
    const settle = () => {
      fresh.settledAt = this.now();
    };
    fresh.answer.then(settle, settle);
    this.answers.set(handler, fresh);
    return from(fresh.answer);
  }
}
