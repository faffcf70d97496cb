import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { StructuredLogger } from '#observability';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { loadConfig } from '#config';
import { correlationMiddleware, exposeMetrics, REQUEST_BODY_LIMIT, trustProxies } from '#http';
import { loadPublicApiDocument } from './api-docs/api-docs.loader.js';
import { asyncApiDocument } from './api-docs/asyncapi.document.js';
import { GatewayConfig } from './gateway.config.js';
import { GatewayModule } from './gateway.module.js';
import { balancedProxy, byteCount } from './proxy/balanced-proxy.js';
import { forwardClientAddress } from './proxy/client-address.js';
import { InstanceBalancer } from './proxy/instance-balancer.js';
import { serviceRoutes } from './proxy/service-routes.js';
import { signInLimit } from './proxy/sign-in-limit.js';

const config = loadConfig(GatewayConfig);
// No body parser: request bodies stream through to the service that validates them.
const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), { bodyParser: false, bufferLogs: true });
// JSON lines with the service and correlation id (see libs/observability).
app.useLogger(app.get(StructuredLogger));
app.enableShutdownHooks();
// The client's address is the connecting one unless TRUSTED_PROXY names a proxy of yours in front.
trustProxies(app, config.TRUSTED_PROXY);
const logger = new Logger('Gateway');
app.use(correlationMiddleware());
// Proxied requests never reach Nest's routing, so they are logged here: one JSON line each.
const proxyLog = new Logger('Proxy');
app.use(
  (
    request: { method: string; originalUrl: string; headers: Record<string, unknown> },
    response: { statusCode: number; on(event: string, listener: () => void): void },
    next: () => void,
  ) => {
    const started = Date.now();
    if (!request.originalUrl.startsWith('/health')) {
      response.on('finish', () =>
        proxyLog.log({
          correlationId: request.headers['x-correlation-id'],
          method: request.method,
          url: request.originalUrl.split('?')[0],
          statusCode: response.statusCode,
          responseTime: Date.now() - started,
          msg: 'proxied',
        }),
      );
    }
    next();
  },
);
// Proxied requests are labelled by the service prefix they went to, never by their full path. The
// metrics themselves are on an internal port of their own: this public one has no /metrics (404).
const prefixes = serviceRoutes(config).flatMap((route) => route.paths);
await exposeMetrics(app, {
  service: 'gateway',
  port: config.GATEWAY_METRICS_PORT,
  host: config.HOST,
  routeOf: (url) => prefixes.find((prefix) => url.startsWith(prefix)) ?? 'other',
});
// Security headers on every answer, proxied or not; the API docs page needs inline styles and data: images.
app.use(
  helmet({
    contentSecurityPolicy: {
      directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'script-src': ["'self'"] },
    },
  }),
);
// Browsers may call the API only from the app's own origin(s).
app.enableCors({ origin: config.CORS_ORIGINS.split(',').map((origin) => origin.trim()), credentials: false, maxAge: 600 });
// Sign-in attempts per client address, before any reach identity (and its password hashing).
app.use(signInLimit(app.get(ThrottlerStorageService), config.SIGN_IN_PER_ADDRESS_PER_MINUTE));
const routes = serviceRoutes(config);

// Each service's instances share its requests; one that is down is left out and requests go to another.
for (const route of routes.filter((candidate) => candidate.paths.length > 0)) {
  app.use(
    balancedProxy({
      name: route.name,
      paths: route.paths,
      balancer: new InstanceBalancer(route.targets, { downForMs: config.INSTANCE_DOWN_MS }),
      proxyTimeoutMs: 60_000,
      replayableBodyBytes: byteCount(REQUEST_BODY_LIMIT),
      logger,
      // The services believe X-Forwarded-For from the gateway alone: it carries the client's address, never the client's claim.
      onProxyRequest: (proxied, request) => forwardClientAddress(proxied, request),
    }),
  );
}

if (!existsSync(join(config.WEB_ROOT, 'index.html'))) {
  logger.warn(`No web app in ${config.WEB_ROOT}: run \`npm run build\` (it builds the web app with Vite), or set WEB_ROOT`);
}
const document = await loadPublicApiDocument(routes);
// The gateway's own document endpoint is part of the public API too.
document.paths['/api/asyncapi.json'] = {
  get: {
    operationId: 'asyncApiDocument',
    tags: ['documents'],
    summary: 'The AsyncAPI 3.0 document of every Kafka topic: addresses, keys, headers and payload schemas',
    responses: { '200': { description: 'AsyncAPI document', content: { 'application/json': { schema: { type: 'object' } } } } },
  },
};
document.tags = [...(document.tags ?? []), { name: 'documents', description: 'Machine-readable descriptions of the API and the events' }];
SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', customSiteTitle: 'SUD referral API' });
// The Kafka side of the system, for facilities' own systems and other consumers.
const asyncApi = asyncApiDocument(config.publicKafkaBrokers);
app.use('/api/asyncapi.json', (_request: unknown, response: { json(body: unknown): void }) => {
  response.json(asyncApi);
});
await app.listen(config.GATEWAY_PORT, config.HOST);
logger.log(
  `Web app on ${config.publicUrl}/, API on ${config.publicUrl}/api, ` +
    `OpenAPI page on ${config.publicUrl}/api/docs, AsyncAPI at ${config.publicUrl}/api/asyncapi.json`,
);
