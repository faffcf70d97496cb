import { EventEmitter } from 'node:events';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { StreamSlots } from './domain/stream-slots.js';

/**
 * In-process signal that a referral changed, so a waiting request or an open event stream learns
 * at once. Waiters also re-read the database, so a change applied by another instance is seen too.
 */
@Injectable()
export class ReferralUpdates implements BeforeApplicationShutdown {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly stopping = new AbortController();

  /** Live-update streams open per account in this instance (MAX_STREAMS_PER_ACCOUNT). */
  readonly streams = new StreamSlots();

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

  subscribe(referralId: string, listener: () => void): () => void {
    this.emitter.on(referralId, listener);
    return () => this.emitter.off(referralId, listener);
  }

  /** Resolves when `check` returns a value, re-checking on every change signal and every `pollMs`. */
  async waitFor<T>(referralId: string, check: () => Promise<T | undefined>, timeoutMs: number, pollMs = 250): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    let wake: () => void = () => undefined;
    const unsubscribe = this.subscribe(referralId, () => wake());
    try {
      for (;;) {
        const found = await check();
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(pollMs, left));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      unsubscribe();
    }
  }
}
