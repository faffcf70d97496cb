import type { DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

/**
 * Terminus for the `/health/live` and `/health/ready` endpoints every service serves. A failed check
 * is logged as one JSON line, which the structured log keeps whole, rather than as a drawn box.
 */
export function healthChecks(): DynamicModule {
  return TerminusModule.forRoot({ errorLogStyle: 'json' });
}
