import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleDestroy } from '@nestjs/common';
import { finalize, tap, throwError, type Observable } from 'rxjs';
import { DomainError } from '#http';
import {
  attemptSettled,
  attemptStarted,
  isForgettable,
  NO_ATTEMPTS,
  waitBeforeAttempt,
  type SignInAttempts,
  type SignInBackoffPolicy,
  type SignInOutcome,
} from '../domain/sign-in-backoff.js';

export const SIGN_IN_BACKOFF_POLICY = Symbol('SIGN_IN_BACKOFF_POLICY');

const SWEEP_MS = 60_000;
const MAX_KEY_LENGTH = 320;

/**
 * The recent sign-in attempts of each account in this instance's memory (as the per-address limit at
 * the gateway): an account's waits start again after a restart, never its lockout, as there is none.
 */
@Injectable()
export class SignInBackoff implements OnModuleDestroy {
  private readonly accounts = new Map<string, SignInAttempts>();
  private readonly sweep = setInterval(() => this.forget(Date.now()), SWEEP_MS).unref();

  constructor(@Inject(SIGN_IN_BACKOFF_POLICY) private readonly policy: SignInBackoffPolicy) {}

  /** Lets an attempt at `account` through, or refuses it with 429 and Retry-After while it must wait. */
  begin(account: string, now = Date.now()): void {
    const attempts = this.accounts.get(account) ?? NO_ATTEMPTS;
    const wait = waitBeforeAttempt(attempts, now, this.policy);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new DomainError(
        'too-many',
        `Too many wrong sign-ins for this account: wait ${seconds} s (see Retry-After) and try again; the right password works then`,
        { retryAfterSeconds: seconds },
      );
    }
    this.accounts.set(account, attemptStarted(attempts, now, this.policy));
  }

  /** Records how an attempt `begin` let through ended. */
  settle(account: string, outcome: SignInOutcome, now = Date.now()): void {
    const attempts = attemptSettled(this.accounts.get(account) ?? NO_ATTEMPTS, outcome, now);
    if (isForgettable(attempts, now, this.policy)) this.accounts.delete(account);
    else this.accounts.set(account, attempts);
  }

  /** Accounts with nothing worth remembering are dropped, so the map holds only recent trouble. */
  forget(now: number): void {
    for (const [account, attempts] of this.accounts) if (isForgettable(attempts, now, this.policy)) this.accounts.delete(account);
  }

  get size(): number {
    return this.accounts.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }
}

/** The claims of an ID token, read without checking it: only to tell whose attempt it is, never to trust. */
function unverifiedClaims(idToken: string): Record<string, unknown> {
  try {
    const claims: unknown = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Whose attempt a sign-in body is: the API key (by its public prefix) or the email, as the controller
 * reads the body; for single sign-on the person the ID token names (issuer and subject), so that tokens
 * someone forges with another's email cannot make that person wait. Undefined for a body naming no one,
 * which fails validation and guesses nothing.
 */
export function signInAccount(body: unknown): string | undefined {
  const { apiKey, email, idToken } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  let account: string | undefined;
  if (typeof idToken === 'string') {
    const { iss, sub } = unverifiedClaims(idToken);
    if (typeof iss === 'string' && typeof sub === 'string') account = `sso:${iss} ${sub}`;
  } else if (typeof apiKey === 'string' && apiKey.length > 0) account = `key:${apiKey.slice(0, 17)}`;
  else if (typeof email === 'string') account = `email:${email.trim().toLowerCase()}`;
  return account?.slice(0, MAX_KEY_LENGTH);
}

/**
 * Sign-in per account: wrong attempts in a row make the next one wait (see domain/sign-in-backoff.ts).
 * A 401 counts as wrong, an access token as right; anything else (400, 503 busy) as neither.
 */
@Injectable()
export class SignInBackoffInterceptor implements NestInterceptor {
  constructor(private readonly backoff: SignInBackoff) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const account = signInAccount(context.switchToHttp().getRequest<{ body?: unknown }>().body);
    if (account === undefined) return next.handle();
    try {
      this.backoff.begin(account);
    } catch (error) {
      return throwError(() => error);
    }
    let outcome: SignInOutcome = 'neither';
    return next.handle().pipe(
      tap({
        next: () => {
          outcome = 'right';
        },
        error: (error: unknown) => {
          if (error instanceof DomainError && error.kind === 'unauthenticated') outcome = 'wrong';
        },
      }),
      finalize(() => this.backoff.settle(account, outcome)),
    );
  }
}
