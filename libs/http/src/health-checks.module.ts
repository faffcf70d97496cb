import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DEFAULT_HEALTH_CACHE_MS, ReadinessCacheInterceptor } from './health-readiness.cache.js';

export { DEFAULT_HEALTH_CACHE_MS } from './health-readiness.cache.js';

/** How long one dependency may take to answer a readiness check before the service counts as not ready. */
export const HEALTH_CHECK_TIMEOUT_MS = 3_000;

export interface HealthChecksOptions {
  /** How long a `/health/ready` answer is reused (the service's HEALTH_CACHE_MS); 0 shares only a check in progress. */
  cacheMs?: number;
}

@Module({})
export class HealthChecksModule {}

/**
 * Terminus for the `/health/live` and `/health/ready` endpoints every service serves. A failed check
 * is logged as one JSON line, which the structured log keeps whole, rather than as a drawn box.
 * Readiness answers are reused for `cacheMs` (see ReadinessCacheInterceptor); liveness is never cached.
 */
export function healthChecks(options: HealthChecksOptions = {}): DynamicModule {
  return {
    module: HealthChecksModule,
    imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
    providers: [{ provide: APP_INTERCEPTOR, useFactory: () => new ReadinessCacheInterceptor(options.cacheMs ?? DEFAULT_HEALTH_CACHE_MS) }],
    exports: [TerminusModule],
  };
}
