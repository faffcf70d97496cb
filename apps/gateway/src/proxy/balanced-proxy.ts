import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { InstanceBalancer } from './instance-balancer.js';

export interface BalancedProxyOptions {
  /** The service, as messages name it. */
  readonly name: string;
  /** Path prefixes proxied to the service; other requests pass on to the next handler. */
  readonly paths: readonly string[];
  readonly balancer: InstanceBalancer;
  /** How long a service may be silent on a connection before the gateway gives up on it (502). */
  readonly proxyTimeoutMs: number;
  /**
   * The largest request body the gateway keeps whole so that it can send the request again; a larger one
   * (or one of unknown length) streams through once. The services' own body limit: they refuse more.
   */
  readonly replayableBodyBytes: number;
  readonly logger: { warn(message: string): void; log(message: string): void };
  /** Adjusts each outgoing request's headers before it is sent. */
  readonly onProxyRequest?: (proxied: ClientRequest, request: IncomingMessage) => void;
}

export type ProxyHandler = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** One client request on its way to the service: which instances it tried and the body to send again. */
interface Exchange {
  /** The whole body (empty when there is none), or null when it streams through and cannot be sent twice. */
  readonly body: Buffer | null;
  readonly tried: Set<string>;
  current: string;
  /** The current attempt hit the proxy timeout (the instance may still be working on it). */
  timedOut: boolean;
  finished: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * Express middleware proxying `paths` to a service's instances (http-proxy-middleware picks the one the
 * balancer chose through its `router` option). When an attempt fails before any answer, the request goes
 * to another instance if the balancer allows it (see InstanceBalancer.shouldRetry); otherwise the client
 * gets 502. Answers stream back unbuffered, server-sent events included.
 *
 * Retrying needs the request body a second time, but the gateway has no body parser and streams bodies:
 * a streamed body is gone once the first attempt read it, even when that attempt's connection was then
 * refused (the proxy writes to the connection before it is open). So a body of known length up to
 * `replayableBodyBytes` is read whole first and written to each attempt; the services refuse larger
 * bodies anyway (64 KB), so those, and bodies of unknown length, stream through once and are not retried.
 */
export function balancedProxy(options: BalancedProxyOptions): ProxyHandler {
  const { balancer, logger, name } = options;
  const exchanges = new WeakMap<IncomingMessage, Exchange>();

  const fail = (request: IncomingMessage, response: ServerResponse, message: string): void => {
    const exchange = exchanges.get(request);
    if (exchange) exchange.finished = true;
    logger.warn(message);
    if (!response.headersSent) {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ statusCode: 502, message: `${name} is not answering; try again shortly` }));
    } else {
      response.destroy();
    }
  };

  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    // Only requests `balancedProxy` let through reach this, each with its instance chosen.
    router: (request) => exchanges.get(request)?.current,
    proxyTimeout: options.proxyTimeoutMs,
    on: {
      proxyReq: (proxied, request) => {
        options.onProxyRequest?.(proxied, request);
        const exchange = exchanges.get(request);
        if (!exchange) return;
        proxied.once('timeout', () => (exchange.timedOut = true));
        // The kept body, written before the proxy ends the request (its own copy of the stream is spent).
        if (exchange.body && exchange.body.length > 0) proxied.write(exchange.body);
      },
      proxyRes: (proxied, request, response) => {
        // Internal services must not advertise their framework through the gateway.
        delete proxied.headers['x-powered-by'];
        const exchange = exchanges.get(request);
        if (exchange && balancer.markUp(exchange.current)) logger.log(`${name} at ${exchange.current} answers again`);
        // An instance that dies mid-answer (a server-sent event stream, say) ends the client's answer too,
        // so the client notices and reconnects (to another instance) instead of waiting on a dead stream.
        proxied.once('close', () => {
          if (!proxied.complete && !response.writableEnded) response.destroy();
        });
      },
      error: (error, request, response, target) => {
        const exchange = exchanges.get(request);
        if (!exchange || exchange.finished || !('writeHead' in response)) return;
        // An earlier attempt's request stream may still report errors; only the current attempt's count.
        if (target !== undefined && !sameInstance(target, exchange.current)) return;
        const failed = exchange.current;
        const code = (error as NodeJS.ErrnoException).code;
        const failure = {
          method: request.method ?? 'GET',
          code,
          timedOut: exchange.timedOut,
          replayable: exchange.body !== null,
          answered: response.headersSent,
        };
        if (balancer.isOutage(failure) && balancer.markDown(failed)) {
          logger.warn(`${name} at ${failed} is down (${code}); trying its other instances for a while`);
        }
        const next = balancer.shouldRetry(failure) ? balancer.choose(exchange.tried) : undefined;
        if (next === undefined) {
          fail(request, response, `${name} unreachable: ${error.message}`);
          return;
        }
        logger.warn(`${name} at ${failed} failed before answering ${request.method} (${code}); sending it to ${next}`);
        send(request, response, exchange, next);
      },
    },
  });

  const send = (request: IncomingMessage, response: ServerResponse, exchange: Exchange, instance: string): void => {
    exchange.current = instance;
    exchange.tried.add(instance);
    exchange.timedOut = false;
    void proxy(request, response, (error?: unknown) =>
      fail(request, response, `${name}: ${(error as Error | undefined)?.message ?? 'not proxied'}`),
    );
  };

  return (request, response, next) => {
    const url = request.url ?? '';
    if (!options.paths.some((prefix) => url.startsWith(prefix))) {
      next();
      return;
    }
    // The gateway answered the client's "100-continue" itself (Node does); the hop to the service has
    // nothing to wait for, and the proxy skips its header rewriting for a request that still expects.
    delete request.headers.expect;
    keptBody(request, options.replayableBodyBytes).then(
      (body) => {
        const exchange: Exchange = { body, tried: new Set(), current: '', timedOut: false, finished: false };
        exchanges.set(request, exchange);
        const instance = balancer.choose();
        if (instance === undefined) fail(request, response, `${name} has no instance`);
        else send(request, response, exchange, instance);
      },
      // The client went away while sending its body: nobody to answer.
      () => response.destroy(),
    );
  };
}

/** The whole body when it is small enough to keep (empty when there is none); null when it must stream. */
async function keptBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (request.headers['transfer-encoding'] !== undefined) return null;
  const declared = request.headers['content-length'];
  const length = declared === undefined ? 0 : Number(declared);
  if (!Number.isSafeInteger(length) || length > limit) return null;
  if (length === 0) return EMPTY;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete) reject(new Error('the client closed the request before sending its body'));
    });
  });
}

/** A size such as `64kb` (the services' body limit) in bytes. */
export function byteCount(size: string): number {
  const match = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i.exec(size);
  if (!match) throw new Error(`not a size: ${size}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}

/** Whether the proxy's target (a URL it parsed) is the instance the balancer named. */
function sameInstance(target: string | { href?: string | null }, instance: string): boolean {
  const normal = (url: string): string => {
    try {
      return new URL(url).href.replace(/\/+$/, '');
    } catch {
      return url;
    }
  };
  return normal(typeof target === 'string' ? target : (target.href ?? '')) === normal(instance);
}
