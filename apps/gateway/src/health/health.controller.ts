import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { HEALTH_CHECK_TIMEOUT_MS } from '#http';
import { SERVICE_ROUTES } from '../gateway.tokens.js';
import type { ServiceRoute } from '../proxy/service-routes.js';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(SERVICE_ROUTES) private readonly routes: ServiceRoute[],
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Ready when every service behind the gateway has an instance that reports itself ready; each service is
   * listed by name. A service with some instances not ready is `degraded` (still 200): the others answer.
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.routes.map((route) => () => this.readinessOf(route)));
  }

  private async readinessOf(route: ServiceRoute): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(route.name);
    // A little longer than a service's own checks, so the service's answer naming its failing check arrives.
    const problems = await Promise.all(route.targets.map((target) => problemOf(target, HEALTH_CHECK_TIMEOUT_MS + 1_000)));
    if (route.targets.length === 1) return problems[0] === null ? session.up() : session.down({ message: problems[0] });
    // Each instance by its place in the service's list: the public answer names no internal address.
    const instances = problems.map((problem) => problem ?? 'ready');
    const ready = problems.filter((problem) => problem === null).length;
    if (ready === route.targets.length) return session.up({ instances });
    if (ready > 0) return session.degraded({ message: `${ready} of ${route.targets.length} instances ready`, instances });
    return session.down({ message: 'no instance is ready', instances });
  }
}

/** Null when the instance at `target` reports itself ready, otherwise what is wrong. */
async function problemOf(target: string, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(`${target}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? null : `not ready (HTTP ${response.status})`;
  } catch (error) {
    return (error as Error).message;
  }
}
