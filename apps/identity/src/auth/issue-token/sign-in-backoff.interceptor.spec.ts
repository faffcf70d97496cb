import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of, throwError } from 'rxjs';
import { DomainError } from '#http';
import type { SignInAttemptsChange, SignInAttemptsRepository } from '../database/sign-in-attempts.repository.port.js';
import { NO_ATTEMPTS, type SignInAttempts } from '../domain/sign-in-backoff.js';
import { SignInBackoff, SignInBackoffInterceptor, signInAccount } from './sign-in-backoff.interceptor.js';

const POLICY = { failuresBeforeDelay: 2, firstDelayMs: 1_000, maxDelayMs: 4_000, forgetAfterMs: 60_000, abandonInFlightAfterMs: 60_000 };

/** The attempts in a map, as one instance alone would keep them (the PostgreSQL repository has a spec of its own). */
class AttemptsInMemory implements SignInAttemptsRepository {
  readonly accounts = new Map<string, SignInAttempts>();

  async change<T>(account: string, decide: (attempts: SignInAttempts) => SignInAttemptsChange<T>): Promise<T> {
    const { attempts, result } = decide(this.accounts.get(account) ?? NO_ATTEMPTS);
    if (attempts) this.accounts.set(account, attempts);
    else this.accounts.delete(account);
    return result;
  }

  async forget(): Promise<number> {
    return 0;
  }
}

const contextOf = (body: unknown): ExecutionContext =>
  ({ switchToHttp: () => ({ getRequest: () => ({ body }) }) }) as unknown as ExecutionContext;

const answering = (outcome: 'token' | 'wrong' | 'invalid'): CallHandler => ({
  handle: () =>
    outcome === 'token'
      ? of({ accessToken: 'x' })
      : throwError(() => new DomainError(outcome === 'wrong' ? 'unauthenticated' : 'invalid', outcome)),
});

function idToken(claims: Record<string, unknown>): string {
  return `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
}

describe('sign-in waits per account', () => {
  let attempts: AttemptsInMemory;
  let backoff: SignInBackoff;
  let interceptor: SignInBackoffInterceptor;
  const signIn = (body: unknown, outcome: 'token' | 'wrong' | 'invalid') =>
    firstValueFrom(interceptor.intercept(contextOf(body), answering(outcome)));

  beforeEach(() => {
    attempts = new AttemptsInMemory();
    backoff = new SignInBackoff(POLICY, attempts);
    interceptor = new SignInBackoffInterceptor(backoff);
  });

  afterEach(() => backoff.onModuleDestroy());

  it('makes the next attempt wait after wrong ones (429, Retry-After), the right password too; other accounts carry on', async () => {
    const body = { email: 'Dana@Hospital.example', password: 'wrong' };
    for (let attempt = 0; attempt < 2; attempt += 1) await expect(signIn(body, 'wrong')).rejects.toMatchObject({ kind: 'unauthenticated' });
    await expect(signIn({ ...body, email: ' dana@hospital.example' }, 'token')).rejects.toMatchObject({
      kind: 'too-many',
      retryAfterSeconds: 1,
    });
    await expect(signIn({ email: 'someone@else.example', password: 'x' }, 'token')).resolves.toEqual({ accessToken: 'x' });
  });

  it('counts neither bad requests nor bodies naming no one', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(signIn({ email: 'dana@hospital.example' }, 'invalid')).rejects.toMatchObject({ kind: 'invalid' });
      await expect(signIn({}, 'wrong')).rejects.toMatchObject({ kind: 'unauthenticated' });
    }
    await expect(signIn({ email: 'dana@hospital.example', password: 'right' }, 'token')).resolves.toBeDefined();
    expect(attempts.accounts.size).toBe(0);
  });

  it('has recorded the outcome by the time the answer leaves, so the next attempt, through any instance, knows it', async () => {
    await expect(signIn({ email: 'dana@hospital.example', password: 'wrong' }, 'wrong')).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(attempts.accounts.get('email:dana@hospital.example')).toMatchObject({ failures: 1, inFlight: 0 });
  });

  it('still answers when the outcome cannot be recorded (database away a moment)', async () => {
    let calls = 0;
    const flaky: SignInAttemptsRepository = {
      change: (account, decide) => (++calls === 1 ? attempts.change(account, decide) : Promise.reject(new Error('connect ECONNREFUSED'))),
      forget: () => Promise.resolve(0),
    };
    const shaky = new SignInBackoff(POLICY, flaky);
    try {
      const answer = firstValueFrom(
        new SignInBackoffInterceptor(shaky).intercept(contextOf({ email: 'dana@hospital.example' }), answering('token')),
      );
      await expect(answer).resolves.toEqual({ accessToken: 'x' });
    } finally {
      shaky.onModuleDestroy();
    }
  });

  it('tells accounts apart as the controller reads the body: API key first, then email; single sign-on by the person named', () => {
    expect(signInAccount({ apiKey: 'sudk_0123456789ab_secretsecret', email: 'a@b.example' })).toBe('key:sudk_0123456789ab');
    expect(signInAccount({ email: ' A@B.example ' })).toBe('email:a@b.example');
    expect(signInAccount({ idToken: idToken({ iss: 'https://sso.example', sub: 'p-1', email: 'a@b.example' }) })).toBe(
      'sso:https://sso.example p-1',
    );
    expect(signInAccount({ idToken: 'not-a-jwt' })).toBeUndefined();
    expect(signInAccount(undefined)).toBeUndefined();
  });
});
