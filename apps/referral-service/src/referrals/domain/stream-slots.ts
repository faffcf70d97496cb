import { DomainError } from '#http';

// Each open stream costs a connection and a database read every 2 s: one account must not take them all.

/** The account already has as many live-update streams open as it may (429). */
export class TooManyStreamsError extends DomainError {
  constructor(readonly max: number) {
    super(
      'too-many',
      `this account already has ${max} live-update streams open, the most allowed at once; ` +
        'close one (for example a browser tab showing a referral) and try again',
    );
  }
}

/** A stream's place in its account's quota; releasing it twice frees one place only. */
export interface StreamSlot {
  release(): void;
}

/** Open streams per account, in this instance of the service. */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  /** Takes one of the account's `max` places, or refuses with TooManyStreamsError when all are taken. */
  take(account: string, max: number): StreamSlot {
    const count = this.open.get(account) ?? 0;
    if (count >= max) throw new TooManyStreamsError(max);
    this.open.set(account, count + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.open.get(account) ?? 1) - 1;
        if (left > 0) this.open.set(account, left);
        else this.open.delete(account);
      },
    };
  }

  /** How many streams the account has open. */
  countOf(account: string): number {
    return this.open.get(account) ?? 0;
  }
}
