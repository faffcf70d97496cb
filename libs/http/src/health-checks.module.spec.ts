import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { healthChecks } from './health-checks.module.js';

/** Counts how often its dependency is really asked, as a service's Kafka admin connection would be opened. */
let dependencyCalls = 0;
let dependencyUp = true;

@Controller('health')
class CountingHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators.check('dependency').attempt(async () => {
          dependencyCalls += 1;
          await new Promise((answered) => setTimeout(answered, 20));
          if (!dependencyUp) throw new Error('connection refused');
          return { calls: dependencyCalls };
        }),
    ]);
  }
}

describe('healthChecks()', () => {
  let app: INestApplication | undefined;
  let base: string;

  async function serve(cacheMs: number): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [healthChecks({ cacheMs })],
      controllers: [CountingHealthController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  beforeEach(() => {
    dependencyCalls = 0;
    dependencyUp = true;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers a flood of anonymous readiness calls, however spelt, with one check of the dependencies', async () => {
    await serve(60_000);
    const urls = ['/health/ready', '/HEALTH/Ready', '/health/ready/', '/health/ready?nocache=1'];
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => fetch(`${base}${urls[i % urls.length]}`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    expect(await answers[0]!.json()).toMatchObject({ status: 'ok', details: { dependency: { status: 'up', calls: 1 } } });
    expect(answers[0]!.headers.get('cache-control')).toContain('no-store');
    expect(dependencyCalls).toBe(1);
    // Liveness asks no dependency, and is answered afresh each time.
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('keeps a failure (503) for the window, and checks again after it', async () => {
    await serve(150);
    dependencyUp = false;
    const failed = await Promise.all([fetch(`${base}/health/ready`), fetch(`${base}/health/ready`)]);
    expect(failed.map((answer) => answer.status)).toEqual([503, 503]);
    expect(await failed[1]!.json()).toMatchObject({ status: 'error', error: { dependency: { status: 'down' } } });
    expect(dependencyCalls).toBe(1);

    dependencyUp = true;
    await new Promise((waited) => setTimeout(waited, 200));
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect(dependencyCalls).toBe(2);
  });
});
