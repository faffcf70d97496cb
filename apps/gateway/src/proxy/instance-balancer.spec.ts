import { InstanceBalancer, type FailedAttempt } from './instance-balancer.js';

const A = 'http://127.0.0.1:3002';
const B = 'http://127.0.0.1:3102';
const C = 'http://127.0.0.1:3202';

function balancerOf(...instances: string[]): { balancer: InstanceBalancer; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { balancer: new InstanceBalancer(instances, { downForMs: 5_000, now: () => clock.now }), clock };
}

const failure = (overrides: Partial<FailedAttempt>): FailedAttempt => ({
  method: 'GET',
  code: 'ECONNREFUSED',
  timedOut: false,
  replayable: true,
  answered: false,
  ...overrides,
});

describe('InstanceBalancer', () => {
  it('takes the instances in turn', () => {
    const { balancer } = balancerOf(A, B, C);
    expect([1, 2, 3, 4, 5, 6].map(() => balancer.choose())).toEqual([A, B, C, A, B, C]);
  });

  it('always takes the one instance of a service that has one', () => {
    const { balancer } = balancerOf(A);
    expect([balancer.choose(), balancer.choose()]).toEqual([A, A]);
  });

  it('refuses a service without instances', () => {
    expect(() => new InstanceBalancer([], { downForMs: 5_000 })).toThrow('at least one instance');
  });

  it('leaves an instance marked down out until its time is over, then tries it again', () => {
    const { balancer, clock } = balancerOf(A, B);
    expect(balancer.markDown(A)).toBe(true);
    expect(balancer.markDown(A)).toBe(false);
    expect([1, 2, 3].map(() => balancer.choose())).toEqual([B, B, B]);
    clock.now += 5_000;
    expect(balancer.isDown(A)).toBe(false);
    expect(new Set([balancer.choose(), balancer.choose()])).toEqual(new Set([A, B]));
  });

  it('counts an instance that answers as up again at once', () => {
    const { balancer } = balancerOf(A, B);
    balancer.markDown(A);
    expect(balancer.markUp(A)).toBe(true);
    expect(balancer.markUp(A)).toBe(false);
    expect(new Set([balancer.choose(), balancer.choose()])).toEqual(new Set([A, B]));
  });

  it('never offers an instance this request already tried, and nothing once all were', () => {
    const { balancer } = balancerOf(A, B);
    expect(balancer.choose(new Set([A]))).toBe(B);
    expect(balancer.choose(new Set([A]))).toBe(B);
    expect(balancer.choose(new Set([A, B]))).toBeUndefined();
  });

  it('when every untried instance is down, tries the one due back soonest rather than none', () => {
    const { balancer, clock } = balancerOf(A, B, C);
    balancer.markDown(B);
    clock.now += 1_000;
    balancer.markDown(C);
    balancer.markDown(A);
    expect(balancer.choose()).toBe(B);
    expect(balancer.choose(new Set([B]))).toBe(C);
  });

  describe('sending a failed request to another instance', () => {
    const { balancer } = balancerOf(A, B);

    it.each(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'POST', 'PATCH'])('does it for %s when the connection was refused', (method) => {
      expect(balancer.shouldRetry(failure({ method, code: 'ECONNREFUSED' }))).toBe(true);
    });

    it.each(['GET', 'head', 'PUT', 'DELETE', 'OPTIONS'])(
      'does it for idempotent %s when the connection broke before an answer',
      (method) => {
        expect(balancer.shouldRetry(failure({ method, code: 'ECONNRESET' }))).toBe(true);
        expect(balancer.shouldRetry(failure({ method, code: 'EPIPE' }))).toBe(true);
      },
    );

    it.each(['POST', 'PATCH'])('does not for %s when the connection broke: the instance may have acted on it', (method) => {
      expect(balancer.shouldRetry(failure({ method, code: 'ECONNRESET' }))).toBe(false);
    });

    it('does not when the gateway stopped waiting: the instance may still be working on it', () => {
      expect(balancer.shouldRetry(failure({ code: 'ECONNRESET', timedOut: true }))).toBe(false);
    });

    it('does not when the body streamed through and cannot be sent again, nor once an answer began', () => {
      expect(balancer.shouldRetry(failure({ replayable: false }))).toBe(false);
      expect(balancer.shouldRetry(failure({ answered: true }))).toBe(false);
    });

    it('does not for other errors', () => {
      expect(balancer.shouldRetry(failure({ code: 'ERR_SOMETHING' }))).toBe(false);
      expect(balancer.shouldRetry(failure({ code: undefined }))).toBe(false);
    });
  });

  it('counts refused and dropped connections as the instance being down, a timeout not', () => {
    const { balancer } = balancerOf(A, B);
    expect(balancer.isOutage(failure({ code: 'ECONNREFUSED' }))).toBe(true);
    expect(balancer.isOutage(failure({ code: 'ECONNRESET', method: 'POST' }))).toBe(true);
    expect(balancer.isOutage(failure({ code: 'ECONNRESET', timedOut: true }))).toBe(false);
    expect(balancer.isOutage(failure({ code: undefined }))).toBe(false);
  });
});
