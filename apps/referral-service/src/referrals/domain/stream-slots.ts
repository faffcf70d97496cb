import { DomainError } from '#http';

// Each open stream holds a connection and a share of the work on every change: one account must not take them all.

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
