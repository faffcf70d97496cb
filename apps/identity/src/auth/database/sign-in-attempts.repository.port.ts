import type { SignInAttempts } from '../domain/sign-in-backoff.js';

export const SIGN_IN_ATTEMPTS_REPOSITORY = Symbol('SIGN_IN_ATTEMPTS_REPOSITORY');

/** What a change to an account's attempts comes to: the attempts to keep (null: nothing worth keeping) and an answer. */
export interface SignInAttemptsChange<T> {
  readonly attempts: SignInAttempts | null;
  readonly result: T;
}

/**
 * The recent sign-in attempts of each account, kept where every instance of identity sees them, so that
 * wrong attempts sent through different instances make the same account wait.
 */
export interface SignInAttemptsRepository {
  /**
   * Reads the account's attempts (none yet: NO_ATTEMPTS), lets `decide` work out what they become, and keeps
   * that, all while holding the account: changes to one account from any instance take turns, none is lost.
   */
  change<T>(account: string, decide: (attempts: SignInAttempts) => SignInAttemptsChange<T>): Promise<T>;

  /**
   * Forgets the accounts with nothing left worth keeping: no wrong attempt since `failuresBefore` and no
   * attempt in flight started since `startedBefore`. How many it forgot.
   */
  forget(failuresBefore: Date, startedBefore: Date): Promise<number>;
}
