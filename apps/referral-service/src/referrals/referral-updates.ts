import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * In-process signal that a referral changed, so a waiting request or an open event stream learns
 * at once. Waiters also re-read the database, so a change applied by another instance is seen too.
 */
@Injectable()
export class ReferralUpdates {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

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
