import { Module } from '@nestjs/common';
import { loadConfig } from '#config';
import { structuredLogger } from '#observability';
import { GatewayConfig } from './gateway.config.js';
import { SERVICE_ROUTES } from './gateway.tokens.js';
import { HealthController } from './health/health.controller.js';
import { serviceRoutes } from './proxy/service-routes.js';

const config = loadConfig(GatewayConfig);

/** The public entry point holds no state: it routes to the services and serves the merged API docs. */
@Module({
  imports: [structuredLogger('gateway', config.LOG_LEVEL)],
  controllers: [HealthController],
  providers: [
    { provide: GatewayConfig, useValue: config },
    { provide: SERVICE_ROUTES, useValue: serviceRoutes(config) },
  ],
})
export class GatewayModule {}
