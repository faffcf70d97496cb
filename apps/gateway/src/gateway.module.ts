import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { loadConfig } from '#config';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { GatewayConfig } from './gateway.config.js';
import { SERVICE_ROUTES } from './gateway.tokens.js';
import { HealthController } from './health/health.controller.js';
import { serviceRoutes } from './proxy/service-routes.js';

const config = loadConfig(GatewayConfig);

/** The public entry point holds no state: it routes to the services, serves the merged API docs and the web app. */
@Module({
  imports: [
    structuredLogger('gateway', config.LOG_LEVEL),
    healthChecks(),
    // Any other path is the single-page app's to route, so unknown paths get index.html.
    ServeStaticModule.forRoot({ rootPath: config.WEB_ROOT, exclude: ['/api/{*path}', '/health/{*path}', '/metrics'] }),
  ],
  controllers: [HealthController],
  providers: [
    { provide: GatewayConfig, useValue: config },
    { provide: SERVICE_ROUTES, useValue: serviceRoutes(config) },
  ],
})
export class GatewayModule {}
