import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { balancedProxy } from './balanced-proxy.js';
import { InstanceBalancer } from './instance-balancer.js';

// Real sockets throughout: stand-in service instances and the balancing proxy, each a plain HTTP server.

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** What an instance answers by default: who it is, and the request as it arrived. */
const echo =
  (name: string): Handler =>
  (request, response, body) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ instance: name, method: request.method, url: request.url, body }));
  };

interface Instance {
  readonly url: string;
  readonly received: string[];
  stop(): Promise<void>;
}

const running: Server[] = [];

async function listen(server: Server): Promise<string> {
  running.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
}

async function instance(name: string, handler: Handler = echo(name)): Promise<Instance> {
  const received: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(`${request.method} ${request.url}`);
      handler(request, response, Buffer.concat(chunks).toString());
    });
  });
  return { url: await listen(server), received, stop: () => stop(server) };
}

/** An address nothing listens on: connections to it are refused. */
async function refusingAddress(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await stop(server);
  return url;
}

interface Gateway {
  readonly url: string;
  readonly balancer: InstanceBalancer;
  readonly warnings: string[];
}

async function gateway(instances: string[], { replayableBodyBytes = 64 * 1024 } = {}): Promise<Gateway> {
  const balancer = new InstanceBalancer(instances, { downForMs: 60_000 });
  const warnings: string[] = [];
  const proxy = balancedProxy({
    name: 'referral-service',
    paths: ['/api/referrals'],
    balancer,
    proxyTimeoutMs: 10_000,
    replayableBodyBytes,
    logger: { warn: (message) => warnings.push(message), log: () => undefined },
  });
  const server = createServer((request, response) => proxy(request, response, () => response.writeHead(404).end()));
  return { url: await listen(server), balancer, warnings };
}

async function call(
  url: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; answer: { instance?: string; method?: string; body?: string } }> {
  const response = await fetch(url, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, answer: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {} };
}

afterAll(async () => {
  await Promise.all(running.filter((server) => server.listening).map(stop));
});

describe('the gateway in front of two instances of a service', () => {
  it('spreads requests over both', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const { url } = await gateway([a.url, b.url]);
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push((await call(`${url}/api/referrals?page=${i}`)).answer.instance);
    expect(answers.sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('keeps answering GETs when one instance stops, and sends a POST whose connection was refused to the other', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const { url, balancer, warnings } = await gateway([a.url, b.url]);
    expect([(await call(`${url}/api/referrals`)).answer.instance, (await call(`${url}/api/referrals`)).answer.instance]).toEqual([
      'a',
      'b',
    ]);
    await a.stop();

    // The next in turn is the stopped one: refused, so the POST goes to b with its body whole.
    const body = JSON.stringify({ levelOfCare: 'detox-residential', note: 'x'.repeat(5_000) });
    const posted = await call(`${url}/api/referrals`, 'POST', body);
    expect(posted).toEqual({ status: 200, answer: { instance: 'b', method: 'POST', url: '/api/referrals', body } });
    expect(balancer.isDown(a.url)).toBe(true);
    expect(warnings.join('\n')).toContain(
      `referral-service at ${a.url} failed before answering POST (ECONNREFUSED); sending it to ${b.url}`,
    );

    for (let i = 0; i < 5; i += 1) {
      expect(await call(`${url}/api/referrals/${i}`)).toMatchObject({ status: 200, answer: { instance: 'b' } });
    }
    expect(b.received).toEqual(['GET /api/referrals', 'POST /api/referrals', ...[0, 1, 2, 3, 4].map((i) => `GET /api/referrals/${i}`)]);
  });

  it('sends an idempotent request whose connection broke to the other instance, but never a POST that may have arrived', async () => {
    const dropping = await instance('dropping', (request) => request.socket.destroy());
    const b = await instance('b');
    const { url, balancer } = await gateway([dropping.url, b.url]);

    expect(await call(`${url}/api/referrals/1`, 'PUT', '{"status":"accepted"}')).toMatchObject({
      status: 200,
      answer: { instance: 'b', method: 'PUT', body: '{"status":"accepted"}' },
    });
    expect(dropping.received).toEqual(['PUT /api/referrals/1']);

    balancer.markUp(dropping.url);
    const answers = [await call(`${url}/api/referrals`, 'POST', '{}'), await call(`${url}/api/referrals`, 'POST', '{}')];
    // One went to each: the one the dropping instance took is answered 502, not sent on to b.
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 502]);
    expect(dropping.received.filter((line) => line.startsWith('POST'))).toHaveLength(1);
    expect(b.received.filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  it('answers 502 when no instance can be reached', async () => {
    const { url } = await gateway([await refusingAddress(), await refusingAddress()]);
    const answer = await fetch(`${url}/api/referrals`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toEqual({ statusCode: 502, message: 'referral-service is not answering; try again shortly' });
  });

  it('streams a body larger than it keeps through once, and does not send it again', async () => {
    const b = await instance('b');
    const large = 'y'.repeat(4_096);
    const { url: toB } = await gateway([b.url], { replayableBodyBytes: 1_024 });
    expect(await call(`${toB}/api/referrals`, 'POST', large)).toMatchObject({ status: 200, answer: { body: large } });

    const { url } = await gateway([await refusingAddress(), b.url], { replayableBodyBytes: 1_024 });
    expect((await call(`${url}/api/referrals`, 'POST', large)).status).toBe(502);
    expect(b.received.filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  it('passes server-sent events through as they come, and ends the stream when its instance dies', async () => {
    let events: ServerResponse | undefined;
    const streaming = await instance('stream', (_request, response) => {
      events = response;
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write('event: referral\ndata: {"status":"submitted"}\n\n');
    });
    const { url } = await gateway([streaming.url]);
    const response = await fetch(`${url}/api/referrals/1/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    let received = '';
    while (!received.endsWith('\n\n')) received += new TextDecoder().decode((await reader.read()).value);
    // The event arrived while the instance still holds the stream open: nothing waited for its end.
    expect(received).toBe('event: referral\ndata: {"status":"submitted"}\n\n');
    expect(events?.writableEnded).toBe(false);

    await streaming.stop();
    const ended = await reader.read().then(
      (next) => (next.done ? 'ended' : 'more'),
      () => 'broken',
    );
    expect(['ended', 'broken']).toContain(ended);
  });
});
