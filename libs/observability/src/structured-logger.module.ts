import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { currentCorrelationId, HTTP_CORRELATION_HEADER } from '#correlation';

const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/**
 * JSON log lines (pino), one per request plus the services' own, each with the service name and
 * the correlation id of the request or event being handled. Request and response bodies and the
 * Authorization header are never logged: they may hold patient details or secrets.
 */
export function structuredLogger(service: string, level: keyof typeof PINO_LEVELS): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: PINO_LEVELS[level],
      base: { service },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      genReqId: (request) => (request.headers[HTTP_CORRELATION_HEADER] as string | undefined) ?? randomUUID(),
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health') || request.url === '/metrics' },
    },
  });
}
