import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { correlationMiddleware } from './correlation.middleware.js';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { strictValidationPipe } from './validation.pipe.js';

export const API_PREFIX = 'api';
export const REQUEST_BODY_LIMIT = '64kb';

/**
 * Whose X-Forwarded-For the app believes, so that `request.ip` is the real client's address: `none`,
 * or a comma-separated list of addresses, CIDR ranges and Express's names (`loopback`, `linklocal`,
 * `uniquelocal`). Services trust the gateway (loopback by default), which alone sets the header; the
 * gateway trusts nobody unless a proxy of yours stands in front of it.
 */
export function trustProxies(app: INestApplication, trusted: string): void {
  const list = trusted
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0 && entry !== 'none');
  (app as NestExpressApplication).set('trust proxy', list.length === 0 ? false : list);
}

export interface HttpAppOptions {
  /** TRUSTED_PROXY of the service's config (see trustProxies); `loopback` unless given. */
  readonly trustedProxies?: string;
}

/** What every HTTP service shares: the /api prefix, strict validation, one exception filter, a body limit and its OpenAPI. */
export function configureHttpApp(app: INestApplication, title: string, description: string, options: HttpAppOptions = {}): OpenAPIObject {
  // request.ip is the client the gateway saw, never an address a client wrote into X-Forwarded-For.
  trustProxies(app, options.trustedProxies ?? 'loopback');
  // Referral and facility bodies are small; anything larger is refused with 413 before it is parsed.
  app.use(correlationMiddleware());
  // FHIR clients send application/fhir+json, which is JSON too.
  (app as NestExpressApplication).useBodyParser('json', { limit: REQUEST_BODY_LIMIT, type: ['application/json', 'application/fhir+json'] });
  // Do not advertise the server framework.
  (app as NestExpressApplication).disable('x-powered-by');
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(strictValidationPipe());
  // Every error is answered here: domain errors by their kind, as JSON or, on FHIR routes, as an OperationOutcome.
  app.useGlobalFilters(new ApiExceptionFilter(app.getHttpAdapter()));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription(description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From POST /api/auth/token' })
      .build(),
  );
  app.getHttpAdapter().get('/openapi.json', (_request: unknown, response: { json(body: unknown): void }) => {
    response.json(document);
  });
  return document;
}
