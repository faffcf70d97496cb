import { createServer, type Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

interface RoutedRequest {
  method: string;
  url?: string;
  baseUrl?: string;
  route?: { path?: string };
}

export interface MetricsOptions {
  /** The `service` label of every series. */
  readonly service: string;
  /** The internal port the scraper reads `GET /metrics` on: never the service's API port. */
  readonly port: number;
  /** The address to bind it to (the service's HOST). */
  readonly host: string;
  /** The label of a request no route matched (the gateway names the service prefix it proxied to). */
  readonly routeOf?: (url: string) => string;
}

/**
 * Prometheus metrics for the scraper at GET /metrics on a port of their own (`*_METRICS_PORT`), never
 * on the API port: the gateway has no route to them and the public cannot read them. Counts requests
 * and latencies per route and status, and the process metrics prom-client collects, labelled with the
 * service's name. Resolves once the metrics port listens; closes it when the app closes.
 */
export async function exposeMetrics(app: INestApplication, options: MetricsOptions): Promise<Server> {
  const routeOf = options.routeOf ?? (() => 'unmatched');
  register.setDefaultLabels({ service: options.service });
  collectDefaultMetrics();
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  app.use((request: RoutedRequest, response: { statusCode: number; on(event: string, listener: () => void): void }, next: () => void) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      // The route pattern, not the URL: ids would make one series per referral.
      const route = request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : routeOf(request.url ?? '');
      const labels = { method: request.method, route, status: String(response.statusCode) };
      requests.inc(labels);
      latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Prometheus metrics are at GET /metrics\n');
      return;
    }
    register.metrics().then(
      (text) => response.writeHead(200, { 'content-type': register.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The API server holds the process; the metrics port never keeps it alive alone and closes with the app.
  server.unref();
  (app.getHttpServer() as Server).once('close', () => server.close());
  return server;
}
