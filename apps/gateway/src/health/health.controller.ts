import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SERVICE_ROUTES } from '../gateway.tokens.js';
import type { ServiceRoute } from '../proxy/service-routes.js';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@Inject(SERVICE_ROUTES) private readonly routes: ServiceRoute[]) {}

  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Ready when every service behind the gateway reports itself ready. */
  @Get('ready')
  async ready(): Promise<{ status: string; services: Record<string, string> }> {
    const services: Record<string, string> = {};
    await Promise.all(
      this.routes.map(async (route) => {
        try {
          const response = await fetch(`${route.target}/health/ready`, { signal: AbortSignal.timeout(2_000) });
          services[route.name] = response.ok ? 'ready' : `not ready (HTTP ${response.status})`;
        } catch (error) {
          services[route.name] = `unreachable (${(error as Error).message})`;
        }
      }),
    );
    const status = Object.values(services).every((value) => value === 'ready') ? 'ready' : 'degraded';
    if (status !== 'ready') throw new ServiceUnavailableException({ status, services });
    return { status, services };
  }
}
