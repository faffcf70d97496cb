import { EventEmitter, setMaxListeners } from 'node:events';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/**
 * How often a waiter re-reads although no change was signalled. Changes arrive as PostgreSQL
 * notifications (ReferralChangeListener); this only bounds the wait for one not heard, while the
 * listener reconnects or on a connection that died silently and its heartbeat has yet to notice.
 */
export const SAFETY_POLL_MS = 5_000;

/**
 * This instance's signal that a referral changed, so a waiting request or an open event stream learns
 * at once. The signals come from ReferralChangeListener, which hears every committed change to the
 * referral schema, made by this instance or any other.
 */
@Injectable()
export class ReferralUpdates implements BeforeApplicationShutdown {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly stopping = new AbortController();

  constructor() {
    // Every open stream listens for the shutdown: thousands are expected, not a leak.
    setMaxListeners(0, this.stopping.signal);
  }

  /**
   * Aborted when the service shuts down: open event streams end, freeing their slots, so the HTTP
   * server is not kept waiting for clients that never hang up.
   */
  get shuttingDown(): AbortSignal {
    return this.stopping.signal;
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  changed(referralId: string): void {
    this.emitter.emit(referralId);
  }

  /** Signals every referral someone here is subscribed to, once: changes may have gone unheard (the listener was down). */
  changedAll(): void {
    for (const referralId of this.emitter.eventNames()) this.emitter.emit(referralId);
  }

  subscribe(referralId: string, listener: () => void): () => void {
    this.emitter.on(referralId, listener);
    return () => this.emitter.off(referralId, listener);
  }

  /** Referrals someone in this instance is subscribed to. */
  get watched(): number {
    return this.emitter.eventNames().length;
  }

  /**
   * Resolves when `check` returns a value, re-checking on every change signal of the referral, and
   * every `safetyPollMs` in case a signal was lost (see SAFETY_POLL_MS); undefined after `timeoutMs`.
   */
  async waitFor<T>(
    referralId: string,
    check: () => Promise<T | undefined>,
    timeoutMs: number,
    safetyPollMs = SAFETY_POLL_MS,
  ): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    // A signal that arrives while `check` runs must not be lost: the read may predate the change, so read again.
    let signals = 0;
    let wake: () => void = () => undefined;
    const unsubscribe = this.subscribe(referralId, () => {
      signals += 1;
      wake();
    });
    try {
      for (;;) {
        const seen = signals;
        const found = await check();
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        if (signals !== seen) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(safetyPollMs, left));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => undefined;
      }
    } finally {
      unsubscribe();
    }
  }
}
