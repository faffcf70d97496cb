import type { INestApplication } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

interface RoutedRequest {
  method: string;
  url?: string;
  baseUrl?: string;
  route?: { path?: string };
}

/**
 * Prometheus metrics at GET /metrics (for the scraper, on the service's own port; the gateway does
 * not route it to the public): request counts and latencies per route and status, and the process
 * metrics prom-client collects. Labelled with the service's name.
 */
export function exposeMetrics(app: INestApplication, service: string, routeOf: (url: string) => string = () => 'unmatched'): void {
  register.setDefaultLabels({ service });
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
  app
    .getHttpAdapter()
    .get('/metrics', async (_request: unknown, response: { setHeader(name: string, value: string): void; end(body: string): void }) => {
      response.setHeader('content-type', register.contentType);
      response.end(await register.metrics());
    });
}
