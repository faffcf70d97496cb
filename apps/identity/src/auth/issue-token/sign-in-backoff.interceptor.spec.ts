import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of, throwError } from 'rxjs';
import { DomainError } from '#http';
import { SignInBackoff, SignInBackoffInterceptor, signInAccount } from './sign-in-backoff.interceptor.js';

const POLICY = { failuresBeforeDelay: 2, firstDelayMs: 1_000, maxDelayMs: 4_000, forgetAfterMs: 60_000 };

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
  let backoff: SignInBackoff;
  let interceptor: SignInBackoffInterceptor;
  const signIn = (body: unknown, outcome: 'token' | 'wrong' | 'invalid') =>
    firstValueFrom(interceptor.intercept(contextOf(body), answering(outcome)));

  beforeEach(() => {
    backoff = new SignInBackoff(POLICY);
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
    expect(backoff.size).toBe(0);
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
