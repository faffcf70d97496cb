import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnModuleDestroy,
} from '@nestjs/common';
import { catchError, concatMap, finalize, from, switchMap, type Observable } from 'rxjs';
import { DomainError } from '#http';
import { SIGN_IN_ATTEMPTS_REPOSITORY, type SignInAttemptsRepository } from '../database/sign-in-attempts.repository.port.js';
import {
  attemptSettled,
  attemptStarted,
  isForgettable,
  waitBeforeAttempt,
  type SignInBackoffPolicy,
  type SignInOutcome,
} from '../domain/sign-in-backoff.js';

export const SIGN_IN_BACKOFF_POLICY = Symbol('SIGN_IN_BACKOFF_POLICY');

const SWEEP_MS = 60_000;
const MAX_KEY_LENGTH = 320;

/**
 * The recent sign-in attempts of each account, kept in identity's database so that every instance makes
 * an account wait alike (the per-address limit is the gateway's). Each step reads and writes an account's
 * attempts in one turn (see SignInAttemptsRepository), so a burst spread over instances slips past nothing.
 */
@Injectable()
export class SignInBackoff implements OnModuleDestroy {
  private readonly logger = new Logger(SignInBackoff.name);
  private readonly sweep = setInterval(() => void this.forget(Date.now()), SWEEP_MS).unref();

  constructor(
    @Inject(SIGN_IN_BACKOFF_POLICY) private readonly policy: SignInBackoffPolicy,
    @Inject(SIGN_IN_ATTEMPTS_REPOSITORY) private readonly attempts: SignInAttemptsRepository,
  ) {}

  /** Lets an attempt at `account` through, or refuses it with 429 and Retry-After while it must wait. */
  async begin(account: string, now = Date.now()): Promise<void> {
    const wait = await this.attempts.change(account, (attempts) => {
      const owed = waitBeforeAttempt(attempts, now, this.policy);
      return owed > 0 ? { attempts, result: owed } : { attempts: attemptStarted(attempts, now, this.policy), result: 0 };
    });
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new DomainError(
        'too-many',
        `Too many wrong sign-ins for this account: wait ${seconds} s (see Retry-After) and try again; the right password works then`,
        { retryAfterSeconds: seconds },
      );
    }
  }

  /**
   * Records how an attempt `begin` let through ended. Never fails the answer: should the database be away
   * this moment, the outcome is lost and the attempt stops counting as in flight once it is abandoned.
   */
  async settle(account: string, outcome: SignInOutcome, now = Date.now()): Promise<void> {
    try {
      await this.attempts.change(account, (attempts) => {
        const settled = attemptSettled(attempts, outcome, now);
        return { attempts: isForgettable(settled, now, this.policy) ? null : settled, result: undefined };
      });
    } catch (error) {
      this.logger.warn(`could not record a sign-in outcome (${outcome}): ${String(error)}`);
    }
  }

  /** Accounts with nothing worth remembering are dropped, so the table holds only recent trouble. */
  async forget(now: number): Promise<void> {
    try {
      await this.attempts.forget(new Date(now - this.policy.forgetAfterMs), new Date(now - this.policy.abandonInFlightAfterMs));
    } catch (error) {
      this.logger.warn(`could not forget old sign-in attempts: ${String(error)}`);
    }
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
 * A 401 counts as wrong, an access token as right; anything else (400, 503 busy) as neither. The outcome
 * is recorded before the answer leaves, so the caller's next attempt, through any instance, knows it.
 */
@Injectable()
export class SignInBackoffInterceptor implements NestInterceptor {
  constructor(private readonly backoff: SignInBackoff) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const account = signInAccount(context.switchToHttp().getRequest<{ body?: unknown }>().body);
    if (account === undefined) return next.handle();
    return from(this.backoff.begin(account)).pipe(
      switchMap(() => {
        let settled = false;
        const settle = (outcome: SignInOutcome): Promise<void> => {
          if (settled) return Promise.resolve();
          settled = true;
          return this.backoff.settle(account, outcome);
        };
        return next.handle().pipe(
          concatMap(async (answer: unknown) => {
            await settle('right');
            return answer;
          }),
          catchError(async (error: unknown) => {
            await settle(error instanceof DomainError && error.kind === 'unauthenticated' ? 'wrong' : 'neither');
            throw error;
          }),
          // Ended without an answer (the client left): the attempt was neither right nor wrong.
          finalize(() => void settle('neither')),
        );
      }),
    );
  }
}
