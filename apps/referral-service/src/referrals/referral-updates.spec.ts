import { jest } from '@jest/globals';
import { ReferralUpdates } from './referral-updates.js';

const A = '6f1c2b1e-8d8e-4f5a-9a57-2f4f6f0e9c11';
const B = '0b0e4c4e-7c53-4a6e-8f0b-52c6a3a8d0aa';
/** Longer than any spec runs: a wait that ends did not end by the safety poll. */
const NEVER_MS = 600_000;

describe('ReferralUpdates', () => {
  let updates: ReferralUpdates;

  beforeEach(() => {
    updates = new ReferralUpdates();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('signals the subscribers of the referral that changed, not those of another, until they unsubscribe', () => {
    const ofA = jest.fn();
    const ofB = jest.fn();
    const stop = updates.subscribe(A, ofA);
    updates.subscribe(B, ofB);
    updates.changed(A);
    expect(ofA).toHaveBeenCalledTimes(1);
    expect(ofB).not.toHaveBeenCalled();
    stop();
    updates.changed(A);
    expect(ofA).toHaveBeenCalledTimes(1);
  });

  it('signals every subscriber once after changes may have gone unheard', () => {
    const ofA = [jest.fn(), jest.fn()];
    const ofB = jest.fn();
    for (const listener of ofA) updates.subscribe(A, listener);
    updates.subscribe(B, ofB);
    updates.changedAll();
    for (const listener of [...ofA, ofB]) expect(listener).toHaveBeenCalledTimes(1);
    expect(updates.watched).toBe(2);
  });

  it('wakes a waiter on the change signal, with no poll to wait for', async () => {
    let answered = false;
    const check = jest.fn(async () => (answered ? 'matched' : undefined));
    const waiting = updates.waitFor(A, check, NEVER_MS, NEVER_MS);
    await Promise.resolve();
    answered = true;
    updates.changed(A);
    await expect(waiting).resolves.toBe('matched');
    expect(check).toHaveBeenCalledTimes(2);
    expect(updates.watched).toBe(0);
  });

  it('does not lose a change signalled while the waiter was reading', async () => {
    let reads = 0;
    const waiting = updates.waitFor(
      A,
      async () => {
        reads += 1;
        if (reads === 1) updates.changed(A); // The answer commits while the first read is under way.
        return reads === 2 ? 'answered' : undefined;
      },
      NEVER_MS,
      NEVER_MS,
    );
    await expect(waiting).resolves.toBe('answered');
  });

  it('re-reads on the safety poll when no signal comes, and gives up at the deadline', async () => {
    jest.useFakeTimers();
    let answered = false;
    const check = jest.fn(async () => (answered ? 'held' : undefined));
    const waiting = updates.waitFor(A, check, 12_000);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(check).toHaveBeenCalledTimes(1);
    answered = true;
    await jest.advanceTimersByTimeAsync(1);
    await expect(waiting).resolves.toBe('held');

    const never = updates.waitFor(B, async () => undefined, 12_000);
    await jest.advanceTimersByTimeAsync(12_000);
    await expect(never).resolves.toBeUndefined();
  });

  it('aborts its shutdown signal when the service stops', () => {
    expect(updates.shuttingDown.aborted).toBe(false);
    updates.beforeApplicationShutdown();
    expect(updates.shuttingDown.aborted).toBe(true);
  });
});
