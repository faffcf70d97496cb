import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
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

  /** Ready when every service behind the gateway reports itself ready; each one is listed by name. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(
      this.routes.map(
        (route) => () =>
          this.indicators
            .check(route.name)
            // A little longer than a service's own checks, so the service's answer naming its failing check arrives.
            .attempt(async ({ signal }) => {
              const response = await fetch(`${route.target}/health/ready`, { signal });
              if (!response.ok) throw new Error(`not ready (HTTP ${response.status})`);
            })
            .withTimeout(HEALTH_CHECK_TIMEOUT_MS + 1_000),
      ),
    );
  }
}
