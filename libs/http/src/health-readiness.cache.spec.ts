import 'reflect-metadata';
import { Controller, Get, ServiceUnavailableException, type CallHandler } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { ReadinessCacheInterceptor } from './health-readiness.cache.js';

@Controller('health')
class ExampleHealthController {
  @Get('live')
  live(): void {}

  @Get('ready')
  ready(): void {}
}

@Controller('facilities')
class OtherController {
  @Get('ready')
  ready(): void {}
}

const WINDOW_MS = 2_000;

describe('ReadinessCacheInterceptor', () => {
  let clock: number;
  let checks: number;
  let outcome: () => Promise<unknown>;
  let interceptor: ReadinessCacheInterceptor;

  /** What one call of the route answers; `checks` counts how often the controller's checks really ran. */
  const call = (controller: object, handler: () => void): Promise<unknown> => {
    const next: CallHandler = {
      handle: (): Observable<unknown> =>
        defer(() => {
          checks += 1;
          return outcome();
        }),
    };
    const context = new ExecutionContextHost([{}, {}], controller.constructor as never, handler);
    return lastValueFrom(interceptor.intercept(context, next));
  };
  const health = new ExampleHealthController();
  const ready = () => call(health, ExampleHealthController.prototype.ready);

  beforeEach(() => {
    clock = 1_000_000;
    checks = 0;
    outcome = async () => ({ status: 'ok', checked: checks });
    interceptor = new ReadinessCacheInterceptor(WINDOW_MS, () => clock);
  });

  it('runs the checks once for a flood of simultaneous calls, and once for calls within the window after it', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, ready));
    expect(checks).toBe(1);
    expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(new Set([JSON.stringify({ status: 'ok', checked: 1 })]));
    clock += WINDOW_MS - 1;
    for (let i = 0; i < 20; i += 1) await ready();
    expect(checks).toBe(1);
  });

  it('checks again once the window has passed since the last check finished', async () => {
    await ready();
    clock += WINDOW_MS;
    expect(await ready()).toEqual({ status: 'ok', checked: 2 });
    expect(checks).toBe(2);
  });

  it('reuses a failed check (the same 503) for the window too, then finds the service ready again', async () => {
    outcome = async () => {
      throw new ServiceUnavailableException({ status: 'error', details: { kafka: { status: 'down' } } });
    };
    const failures = await Promise.allSettled([ready(), ready(), ready()]);
    expect(failures.every((failure) => failure.status === 'rejected' && failure.reason instanceof ServiceUnavailableException)).toBe(true);
    await expect(ready()).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(checks).toBe(1);

    outcome = async () => ({ status: 'ok' });
    clock += WINDOW_MS;
    await expect(ready()).resolves.toEqual({ status: 'ok' });
    expect(checks).toBe(2);
  });

  it('never caches liveness or any other route', async () => {
    for (let i = 0; i < 3; i += 1) await call(health, ExampleHealthController.prototype.live);
    for (let i = 0; i < 3; i += 1) await call(new OtherController(), OtherController.prototype.ready);
    expect(checks).toBe(6);
  });

  it('with a window of 0 shares only the check in progress', async () => {
    interceptor = new ReadinessCacheInterceptor(0, () => clock);
    await Promise.all([ready(), ready()]);
    expect(checks).toBe(1);
    await ready();
    expect(checks).toBe(2);
  });
});
