/**
 * Progressive delay instead of a lockout: after a few wrong sign-ins in a row at one account, each
 * further attempt waits longer (doubling, up to a ceiling) before it is even checked. Guessing slows to
 * a crawl, yet the right password still signs in once the wait is over: nobody can lock a planner out.
 */
export interface SignInBackoffPolicy {
  /** Wrong attempts in a row that cost no wait. */
  readonly failuresBeforeDelay: number;
  /** The wait after the first wrong attempt beyond those; it doubles with each further one. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** After this long without a wrong attempt, the count starts again from zero. */
  readonly forgetAfterMs: number;
  /**
   * Attempts still unanswered this long after the last one started were lost with the instance that
   * took them (it crashed): they stop counting as in flight, so they cannot hold the account up for good.
   */
  readonly abandonInFlightAfterMs: number;
}

/** What is known of one account's recent sign-ins. */
export interface SignInAttempts {
  /** Wrong attempts in a row (a right one resets them). */
  readonly failures: number;
  /** When the last wrong attempt was answered (ms since the epoch). */
  readonly lastFailureAt: number;
  /** Attempts let through and not answered yet: each may still turn out wrong. */
  readonly inFlight: number;
  /** When the last attempt was let through (ms since the epoch). */
  readonly lastStartedAt: number;
}

export type SignInOutcome = 'right' | 'wrong' | 'neither';

export const NO_ATTEMPTS: SignInAttempts = { failures: 0, lastFailureAt: 0, inFlight: 0, lastStartedAt: 0 };

/** The wait owed before the next attempt after `failures` wrong ones in a row. */
export function delayAfter(failures: number, policy: SignInBackoffPolicy): number {
  if (failures < policy.failuresBeforeDelay) return 0;
  const doublings = Math.min(failures - policy.failuresBeforeDelay, 30);
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** doublings);
}

/** The attempts as they stand at `now`: wrong ones long past are forgotten, and so are abandoned ones in flight. */
function current(attempts: SignInAttempts, now: number, policy: SignInBackoffPolicy): SignInAttempts {
  const forgotten = attempts.failures > 0 && now - attempts.lastFailureAt >= policy.forgetAfterMs;
  const abandoned = attempts.inFlight > 0 && now - attempts.lastStartedAt >= policy.abandonInFlightAfterMs;
  if (!forgotten && !abandoned) return attempts;
  return {
    ...(forgotten ? { failures: 0, lastFailureAt: 0 } : attempts),
    ...(abandoned ? { inFlight: 0, lastStartedAt: 0 } : { inFlight: attempts.inFlight, lastStartedAt: attempts.lastStartedAt }),
  };
}

/** How many milliseconds the next attempt must wait; 0 lets it through now. */
export function waitBeforeAttempt(attempts: SignInAttempts, now: number, policy: SignInBackoffPolicy): number {
  const { failures, lastFailureAt, inFlight } = current(attempts, now, policy);
  // Attempts still being checked count as wrong ones: a burst sent at once cannot slip past the free ones.
  if (failures + inFlight < policy.failuresBeforeDelay) return 0;
  // One attempt at a time once the waits begin; the one in flight decides what the next one owes.
  if (inFlight > 0) return Math.max(1, delayAfter(failures + inFlight, policy));
  return Math.max(0, lastFailureAt + delayAfter(failures, policy) - now);
}

/** An attempt let through: it is in flight until settled. */
export function attemptStarted(attempts: SignInAttempts, now: number, policy: SignInBackoffPolicy): SignInAttempts {
  const standing = current(attempts, now, policy);
  return { ...standing, inFlight: standing.inFlight + 1, lastStartedAt: now };
}

/** An attempt answered: a wrong one counts and restarts the wait, a right one clears the count, neither (a bad request) changes nothing. */
export function attemptSettled(attempts: SignInAttempts, outcome: SignInOutcome, now: number): SignInAttempts {
  const inFlight = Math.max(0, attempts.inFlight - 1);
  const lastStartedAt = inFlight > 0 ? attempts.lastStartedAt : 0;
  if (outcome === 'right') return { ...NO_ATTEMPTS, inFlight, lastStartedAt };
  if (outcome === 'wrong') return { failures: attempts.failures + 1, lastFailureAt: now, inFlight, lastStartedAt };
  return { ...attempts, inFlight, lastStartedAt };
}

/** Whether there is nothing left worth remembering about an account's attempts. */
export function isForgettable(attempts: SignInAttempts, now: number, policy: SignInBackoffPolicy): boolean {
  const { failures, inFlight } = current(attempts, now, policy);
  return failures === 0 && inFlight === 0;
}
