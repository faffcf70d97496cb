import type { ThrottlerStorage } from '@nestjs/throttler';
import { clientKey, forwardClientAddress } from './client-address.js';
import { isSignIn, signInLimit, type SignInRequest, type SignInResponse } from './sign-in-limit.js';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** @nestjs/throttler's in-memory storage counts the same way (jest cannot load that CommonJS package). */
class CountingStorage implements ThrottlerStorage {
  readonly hits = new Map<string, number>();

  async increment(key: string, _ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const before = this.hits.get(key) ?? 0;
    const isBlocked = before >= limit;
    if (!isBlocked) this.hits.set(key, before + 1);
    return { totalHits: before + 1, timeToExpire: 60, isBlocked, timeToBlockExpire: isBlocked ? 42 : 0 };
  }
}

interface Answer extends SignInResponse {
  headers: Record<string, string>;
  body?: string;
}

/** Runs the middleware once: it either passes the request on (next) or answers it (end). */
function send(middleware: ReturnType<typeof signInLimit>, request: SignInRequest): Promise<{ passed: boolean; answer: Answer }> {
  return new Promise((resolve) => {
    const answer: Answer = {
      statusCode: 200,
      headers: {},
      setHeader(name, value) {
        answer.headers[name] = value;
      },
      end(body) {
        answer.body = body;
        resolve({ passed: false, answer });
      },
    };
    middleware(request, answer, () => resolve({ passed: true, answer }));
  });
}

describe('the per-address sign-in limit at the gateway', () => {
  it.each([
    ['POST', '/api/auth/token', true],
    ['POST', '/api/auth/sso/token', true],
    ['POST', '/API/Auth/token?x=1', true],
    ['PUT', '/api/auth/token', true],
    ['GET', '/api/auth/me', false],
    ['OPTIONS', '/api/auth/token', false],
    ['POST', '/api/accounts', false],
    ['POST', '/api/authority', false],
  ])('%s %s is a sign-in attempt: %s', (method, originalUrl, expected) => {
    expect(isSignIn({ method, originalUrl })).toBe(expected);
  });

  it('lets an address try N times a minute, then answers 429 with Retry-After without passing the request on', async () => {
    const limit = signInLimit(new CountingStorage(), 3);
    const from = (ip: string): SignInRequest => ({ method: 'POST', originalUrl: '/api/auth/token', ip });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await send(limit, from('203.0.113.7'))).passed).toBe(true);
    const refused = await send(limit, from('203.0.113.7'));
    expect(refused.passed).toBe(false);
    expect(refused.answer.statusCode).toBe(429);
    expect(refused.answer.headers['retry-after']).toBe('42');
    expect(JSON.parse(refused.answer.body!)).toMatchObject({ statusCode: 429, message: expect.stringContaining('at most 3 a minute') });
    // Another address carries on; reads are never counted.
    expect((await send(limit, from('203.0.113.8'))).passed).toBe(true);
    expect((await send(limit, { method: 'GET', originalUrl: '/api/facilities', ip: '203.0.113.7' })).passed).toBe(true);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 one', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKey('192.0.2.1')).toBe('192.0.2.1');
  });

  it('overwrites the X-Forwarded-For a client sent with its own address, and drops the other forwarding claims', () => {
    const headers = new Map<string, string>([
      ['x-forwarded-for', '10.9.8.7'],
      ['forwarded', 'for=10.9.8.7'],
      ['x-real-ip', '10.9.8.7'],
      ['x-forwarded-host', 'evil.example'],
    ]);
    const proxied = {
      setHeader: (name: string, value: string) => headers.set(name, value),
      removeHeader: (name: string) => headers.delete(name),
    };
    forwardClientAddress(proxied, { ip: '198.51.100.4', socket: { remoteAddress: '198.51.100.4' } });
    expect(Object.fromEntries(headers)).toEqual({ 'x-forwarded-for': '198.51.100.4' });
  });
});
