import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceUnavailableException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { SERVICE_ROUTES } from '../gateway.tokens.js';
import type { ServiceRoute } from '../proxy/service-routes.js';
import { HealthController } from './health.controller.js';

/** A stand-in service whose readiness endpoint answers with the given status. */
async function serviceAnswering(status: number): Promise<{ server: Server; target: string }> {
  const server = createServer((_request, response) => response.writeHead(status).end());
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, target: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const route = (name: string, ...targets: string[]): ServiceRoute => ({ name, targets, paths: [], hasApi: false });

async function controllerFor(routes: ServiceRoute[]): Promise<HealthController> {
  const moduleRef = await Test.createTestingModule({
    imports: [TerminusModule.forRoot({ logger: false })],
    controllers: [HealthController],
    providers: [{ provide: SERVICE_ROUTES, useValue: routes }],
  }).compile();
  return moduleRef.get(HealthController);
}

describe('gateway readiness', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  async function service(status: number): Promise<string> {
    const { server, target } = await serviceAnswering(status);
    servers.push(server);
    return target;
  }

  it('is ready when every service behind it is, and lists each one', async () => {
    const controller = await controllerFor([route('facility-registry', await service(200)), route('matcher', await service(200))]);
    const result = await controller.ready();
    expect(result.status).toBe('ok');
    expect(Object.keys(result.details).sort()).toEqual(['facility-registry', 'matcher']);
  });

  it('answers 503 naming the service that is not ready and the one that cannot be reached', async () => {
    const closed = await serviceAnswering(200);
    await new Promise((closedDown) => closed.server.close(closedDown));
    const controller = await controllerFor([
      route('facility-registry', await service(200)),
      route('matcher', await service(503)),
      route('identity', closed.target),
    ]);
    const failure = await controller.ready().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    const body = (failure as ServiceUnavailableException).getResponse() as {
      status: string;
      info: object;
      error: Record<string, { status: string; message: string }>;
    };
    expect(body.status).toBe('error');
    expect(Object.keys(body.info)).toEqual(['facility-registry']);
    expect(body.error.matcher).toMatchObject({ status: 'down', message: 'not ready (HTTP 503)' });
    expect(body.error.identity).toMatchObject({ status: 'down', message: expect.any(String) });
  });

  it('counts a service with several instances ready while one of them is, naming the ones that are not', async () => {
    const closed = await serviceAnswering(200);
    await new Promise((closedDown) => closed.server.close(closedDown));
    const ready = await service(200);
    const controller = await controllerFor([route('referral-service', ready, closed.target), route('matcher', await service(200))]);
    const result = await controller.ready();
    expect(result.status).toBe('degraded');
    expect(result.details['referral-service']).toMatchObject({
      status: 'degraded',
      message: '1 of 2 instances ready',
      instances: ['ready', expect.any(String)],
    });
    expect(result.details.matcher).toMatchObject({ status: 'up' });
  });

  it('answers 503 when no instance of a service is ready', async () => {
    const controller = await controllerFor([route('referral-service', await service(503), await service(503))]);
    const failure = await controller.ready().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    const body = (failure as ServiceUnavailableException).getResponse() as { error: Record<string, { status: string; message: string }> };
    expect(body.error['referral-service']).toMatchObject({ status: 'down', message: 'no instance is ready' });
  });
});
