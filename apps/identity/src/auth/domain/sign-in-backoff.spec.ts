import {
  attemptSettled,
  attemptStarted,
  delayAfter,
  isForgettable,
  NO_ATTEMPTS,
  waitBeforeAttempt,
  type SignInAttempts,
  type SignInBackoffPolicy,
  type SignInOutcome,
} from './sign-in-backoff.js';

const POLICY: SignInBackoffPolicy = {
  failuresBeforeDelay: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  forgetAfterMs: 15 * 60_000,
  abandonInFlightAfterMs: 60_000,
};

/** One attempt answered at `now` with `outcome`, as the service records it. */
const attempt = (attempts: SignInAttempts, outcome: SignInOutcome, now: number): SignInAttempts =>
  attemptSettled(attemptStarted(attempts, now, POLICY), outcome, now);

function wrongInARow(count: number, now = 0): SignInAttempts {
  let attempts = NO_ATTEMPTS;
  for (let i = 0; i < count; i += 1) attempts = attempt(attempts, 'wrong', now);
  return attempts;
}

describe('progressive delay of sign-in attempts', () => {
  it('costs no wait for the first few wrong attempts', () => {
    for (let failures = 0; failures < 5; failures += 1) expect(waitBeforeAttempt(wrongInARow(failures), 0, POLICY)).toBe(0);
  });

  it('then doubles the wait with each wrong attempt, 1, 2, 4 … up to 30 s', () => {
    expect([5, 6, 7, 8, 9, 10, 11, 50].map((failures) => delayAfter(failures, POLICY))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('counts the wait from the last wrong attempt, and lets the next one through when it is over', () => {
    const attempts = wrongInARow(6, 10_000);
    expect(waitBeforeAttempt(attempts, 10_000, POLICY)).toBe(2_000);
    expect(waitBeforeAttempt(attempts, 11_500, POLICY)).toBe(500);
    expect(waitBeforeAttempt(attempts, 12_000, POLICY)).toBe(0);
  });

  it('is no lockout: the right password after the wait clears the count', () => {
    const attempts = attempt(wrongInARow(8, 0), 'right', 8_000);
    expect(attempts).toEqual(NO_ATTEMPTS);
    expect(waitBeforeAttempt(attempts, 8_000, POLICY)).toBe(0);
  });

  it('forgets wrong attempts after a quiet spell', () => {
    const attempts = wrongInARow(9, 0);
    expect(waitBeforeAttempt(attempts, 60_000, POLICY)).toBe(0);
    expect(isForgettable(attempts, 15 * 60_000 - 1, POLICY)).toBe(false);
    expect(isForgettable(attempts, 15 * 60_000, POLICY)).toBe(true);
    expect(attemptStarted(attempts, 15 * 60_000, POLICY)).toEqual({
      failures: 0,
      lastFailureAt: 0,
      inFlight: 1,
      lastStartedAt: 15 * 60_000,
    });
  });

  it('counts attempts still being checked, so a burst sent at once cannot slip past the free ones', () => {
    let attempts = NO_ATTEMPTS;
    for (let sent = 0; sent < 5; sent += 1) {
      expect(waitBeforeAttempt(attempts, 0, POLICY)).toBe(0);
      attempts = attemptStarted(attempts, 0, POLICY);
    }
    expect(waitBeforeAttempt(attempts, 0, POLICY)).toBe(1_000);
    // Once they are answered right, the account is free again.
    for (let answered = 0; answered < 5; answered += 1) attempts = attemptSettled(attempts, 'right', 10);
    expect(waitBeforeAttempt(attempts, 10, POLICY)).toBe(0);
  });

  it('lets one attempt at a time through once the waits have begun', () => {
    const started = attemptStarted(wrongInARow(5, 0), 1_000, POLICY);
    expect(waitBeforeAttempt(started, 1_000, POLICY)).toBeGreaterThan(0);
    expect(isForgettable(started, 59_000, POLICY)).toBe(false);
  });

  it('stops counting attempts never answered (their instance crashed), so they cannot hold an account up for good', () => {
    let attempts = NO_ATTEMPTS;
    for (let sent = 0; sent < 5; sent += 1) attempts = attemptStarted(attempts, 0, POLICY);
    expect(waitBeforeAttempt(attempts, 59_999, POLICY)).toBeGreaterThan(0);
    expect(waitBeforeAttempt(attempts, 60_000, POLICY)).toBe(0);
    expect(isForgettable(attempts, 60_000, POLICY)).toBe(true);
    // Taken up again, only the attempt let through now is in flight; a late answer of a lost one still counts, once.
    const next = attemptStarted(attempts, 60_000, POLICY);
    expect(next).toEqual({ failures: 0, lastFailureAt: 0, inFlight: 1, lastStartedAt: 60_000 });
    expect(attemptSettled(attemptSettled(next, 'wrong', 60_001), 'wrong', 60_002)).toMatchObject({ failures: 2, inFlight: 0 });
  });

  it('keeps the wrong attempts of an account whose attempts in flight were abandoned', () => {
    const abandoned = attemptStarted(wrongInARow(6, 0), 1_000, POLICY);
    expect(waitBeforeAttempt(abandoned, 70_000, POLICY)).toBe(0);
    expect(attemptStarted(abandoned, 70_000, POLICY)).toMatchObject({ failures: 6, inFlight: 1 });
    expect(isForgettable(abandoned, 70_000, POLICY)).toBe(false);
  });

  it('changes nothing for an attempt that was neither right nor wrong (a bad request, a busy service)', () => {
    const before = wrongInARow(3, 0);
    expect(attempt(before, 'neither', 5)).toEqual(before);
  });
});
