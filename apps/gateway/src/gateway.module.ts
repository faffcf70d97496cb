import { Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { GatewayConfig } from './gateway.config.js';
import { SERVICE_ROUTES } from './gateway.tokens.js';
import { HealthController } from './health/health.controller.js';
import { serviceRoutes } from './proxy/service-routes.js';

/** The public entry point holds no state: it routes to the services, serves the merged API docs and the web app. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        structuredLogger('gateway', config.LOG_LEVEL),
        healthChecks({ cacheMs: config.HEALTH_CACHE_MS }),
        // Any other path is the single-page app's to route, so unknown paths get index.html; /metrics is
        // not served here at all (404): it is on GATEWAY_METRICS_PORT.
        ServeStaticModule.forRoot({ rootPath: config.WEB_ROOT, exclude: ['/api/{*path}', '/health/{*path}', '/metrics'] }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: SERVICE_ROUTES, useValue: serviceRoutes(config) },
        // The per-address sign-in counts (see proxy/sign-in-limit.ts); Nest stops its sweep timer on shutdown.
        ThrottlerStorageService,
      ],
    };
  }
}
