import type { DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

/** How long one dependency may take to answer a readiness check before the service counts as not ready. */
export const HEALTH_CHECK_TIMEOUT_MS = 3_000;

/**
 * Terminus for the `/health/live` and `/health/ready` endpoints every service serves. A failed check
 * is logged as one JSON line, which the structured log keeps whole, rather than as a drawn box.
 */
export function healthChecks(): DynamicModule {
  return TerminusModule.forRoot({ errorLogStyle: 'json' });
}
