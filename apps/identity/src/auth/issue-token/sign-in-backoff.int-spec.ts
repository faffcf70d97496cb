import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { firstValueFrom, from } from 'rxjs';
import { DomainError } from '#http';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { CreateAccountCommand } from '../../accounts/create-account/create-account.command.js';
import { CreateAccountHandler } from '../../accounts/create-account/create-account.handler.js';
import { IdentityConfig } from '../../identity.config.js';
import { IdentityModule } from '../../identity.module.js';
import { SIGN_IN_ATTEMPTS_REPOSITORY, type SignInAttemptsRepository } from '../database/sign-in-attempts.repository.port.js';
import type { SignInAttempts } from '../domain/sign-in-backoff.js';
import { IssueTokenCommand } from './issue-token.command.js';
import { IssueTokenHandler } from './issue-token.handler.js';
import { SignInBackoff, SignInBackoffInterceptor } from './sign-in-backoff.interceptor.js';

const SCHEMA = freshSchema('it_sign_in_backoff');
const FREE_FAILURES = 3;
const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

/** One instance of identity, as far as sign-in goes. */
interface Instance {
  readonly moduleRef: TestingModule;
  readonly backoff: SignInBackoff;
  /** POST /api/auth/token with a password, through this instance's interceptor and handler. */
  signIn(email: string, password: string): Promise<unknown>;
}

async function startInstance(config: IdentityConfig): Promise<Instance> {
  // The service's own module, compiled but never started (see identity.int-spec.ts for the health override).
  const moduleRef = await Test.createTestingModule({ imports: [IdentityModule.forRoot(config)] })
    .overrideProvider(TypeOrmHealthIndicator)
    .useValue({})
    .compile();
  const interceptor = moduleRef.get(SignInBackoffInterceptor);
  const handler = moduleRef.get(IssueTokenHandler);
  return {
    moduleRef,
    backoff: moduleRef.get(SignInBackoff),
    signIn: (email, password) => {
      const body = { email, password };
      const context = { switchToHttp: () => ({ getRequest: () => ({ body }) }) } as unknown as ExecutionContext;
      const route: CallHandler = { handle: () => from(handler.execute(new IssueTokenCommand({ kind: 'password', ...body }))) };
      return firstValueFrom(interceptor.intercept(context, route));
    },
  };
}

const kindOf = (error: unknown): string | undefined => (error instanceof DomainError ? error.kind : undefined);

describe('sign-in waits shared by two identity instances (PostgreSQL)', () => {
  let a: Instance;
  let b: Instance;
  let attempts: SignInAttemptsRepository;

  /** The account's attempts as the database holds them (leaving an account with nothing to keep unlisted). */
  const attemptsOf = (account: string): Promise<SignInAttempts> =>
    attempts.change(account, (held) => ({ attempts: held.failures === 0 && held.inFlight === 0 ? null : held, result: held }));

  async function newAccount(): Promise<string> {
    const email = `planner-${randomUUID()}@hospital.example`;
    await a.moduleRef.get(CreateAccountHandler).execute(
      new CreateAccountCommand({
        email,
        displayName: 'Dana Discharge',
        role: 'planner',
        password: PASSWORD,
        organization: 'Mercy General',
      }),
    );
    return email;
  }

  beforeAll(async () => {
    const config = integrationConfig(IdentityConfig, SCHEMA, {
      SIGN_IN_FAILURES_BEFORE_DELAY: FREE_FAILURES,
      SIGN_IN_FIRST_DELAY_MS: 1_000,
    });
    // One after the other, as instances starting in turn: the first migrates, the second finds it done.
    a = await startInstance(config);
    b = await startInstance(config);
    attempts = a.moduleRef.get(SIGN_IN_ATTEMPTS_REPOSITORY);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await a?.moduleRef.close();
    await b?.moduleRef.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'makes an account wait after wrong passwords sent through either instance, the right one too; others sign in',
    async () => {
      const email = await newAccount();
      const wrong = [
        await a.signIn(email, 'wrong').catch(kindOf),
        await b.signIn(email, 'wrong').catch(kindOf),
        await a.signIn(email, 'wrong').catch(kindOf),
      ];
      expect(wrong).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated']);
      for (const instance of [b, a]) {
        const refused = await instance.signIn(email, PASSWORD).catch((error: unknown) => error);
        expect(refused).toMatchObject({ kind: 'too-many', retryAfterSeconds: 1 });
      }
      expect(await b.signIn(await newAccount(), PASSWORD)).toMatchObject({ accessToken: expect.any(String) });
    },
    TIMEOUT_MS,
  );

  it(
    'lets the right password in through the other instance once the wait is over, and that clears the count',
    async () => {
      const account = `email:${randomUUID()}@hospital.example`;
      const start = Date.now();
      for (let n = 0; n < FREE_FAILURES; n += 1) {
        const instance = n % 2 === 0 ? a : b;
        await instance.backoff.begin(account, start + n);
        await instance.backoff.settle(account, 'wrong', start + n);
      }
      const last = start + FREE_FAILURES - 1;
      // The free ones used up: the next waits 1 s from the last, through either instance.
      await expect(a.backoff.begin(account, last + 500)).rejects.toMatchObject({ kind: 'too-many', retryAfterSeconds: 1 });
      await expect(b.backoff.begin(account, last + 999)).rejects.toMatchObject({ kind: 'too-many' });
      await b.backoff.begin(account, last + 1_000);
      await b.backoff.settle(account, 'right', last + 1_000);
      expect(await attemptsOf(account)).toMatchObject({ failures: 0, inFlight: 0 });
      await expect(a.backoff.begin(account, last + 1_001)).resolves.toBeUndefined();
    },
    TIMEOUT_MS,
  );

  it(
    'lets exactly the free attempts through when a burst arrives at both instances at once',
    async () => {
      const account = `email:${randomUUID()}@hospital.example`;
      const now = Date.now();
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? a : b).backoff.begin(account, now)));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(FREE_FAILURES);
      const refusals = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refusals.map((refusal) => kindOf(refusal.reason))).toEqual(refusals.map(() => 'too-many'));
      expect(await attemptsOf(account)).toMatchObject({ failures: 0, inFlight: FREE_FAILURES });

      // Answered wrong at once through both instances: every one counts.
      await Promise.all(Array.from({ length: FREE_FAILURES }, (_, n) => (n % 2 === 0 ? b : a).backoff.settle(account, 'wrong', now)));
      expect(await attemptsOf(account)).toMatchObject({ failures: FREE_FAILURES, inFlight: 0 });
    },
    TIMEOUT_MS,
  );

  it(
    'stops counting the attempts of an instance that crashed before answering them',
    async () => {
      const account = `email:${randomUUID()}@hospital.example`;
      const now = Date.now();
      // Instance A lets three through and never answers them.
      for (let n = 0; n < FREE_FAILURES; n += 1) await a.backoff.begin(account, now);
      await expect(b.backoff.begin(account, now + 1_000)).rejects.toMatchObject({ kind: 'too-many' });
      await expect(b.backoff.begin(account, now + MINUTE)).resolves.toBeUndefined();
      expect(await attemptsOf(account)).toMatchObject({ inFlight: 1 });
    },
    TIMEOUT_MS,
  );

  it(
    'forgets an account’s wrong attempts after the quiet spell, and keeps recent ones',
    async () => {
      const old = `email:${randomUUID()}@hospital.example`;
      const recent = `email:${randomUUID()}@hospital.example`;
      const now = Date.now();
      const longAgo = now - 16 * MINUTE;
      await a.backoff.begin(old, longAgo);
      await a.backoff.settle(old, 'wrong', longAgo);
      await b.backoff.begin(recent, now);
      await b.backoff.settle(recent, 'wrong', now);
      await b.backoff.forget(now);
      expect(await attemptsOf(old)).toMatchObject({ failures: 0, inFlight: 0 });
      expect(await attemptsOf(recent)).toMatchObject({ failures: 1, inFlight: 0 });
    },
    TIMEOUT_MS,
  );
});
