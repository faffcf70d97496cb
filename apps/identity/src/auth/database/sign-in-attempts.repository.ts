import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SignInAttempts } from '../domain/sign-in-backoff.js';
import type { SignInAttemptsChange, SignInAttemptsRepository } from './sign-in-attempts.repository.port.js';

interface AttemptsRow {
  failures: number;
  last_failure_at: Date | null;
  in_flight: number;
  last_started_at: Date | null;
}

/**
 * The row can vanish between our insert (which found it there) and our lock, when another change or the
 * sweep deleted it meanwhile; inserting again then makes it ours. More than a few turns means something is wrong.
 */
const LOCK_TRIES = 3;

/**
 * Accounts are kept by a hash of what names them (an email, an API key's prefix, a person at the identity
 * provider): the table never lists the emails people typed, right or wrong.
 */
function accountKey(account: string): string {
  return createHash('sha256').update(account).digest('hex');
}

const toAttempts = (row: AttemptsRow): SignInAttempts => ({
  failures: row.failures,
  lastFailureAt: row.last_failure_at?.getTime() ?? 0,
  inFlight: row.in_flight,
  lastStartedAt: row.last_started_at?.getTime() ?? 0,
});

const timeOrNull = (ms: number): Date | null => (ms > 0 ? new Date(ms) : null);

/** Sign-in attempts in identity's schema (table `sign_in_attempts`); each change locks the account's row. */
@Injectable()
export class TypeOrmSignInAttemptsRepository implements SignInAttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  change<T>(account: string, decide: (attempts: SignInAttempts) => SignInAttemptsChange<T>): Promise<T> {
    const key = accountKey(account);
    return this.dataSource.transaction(async (manager) => {
      const { attempts, result } = decide(await this.lock(manager, key));
      if (attempts === null) {
        await manager.query('DELETE FROM sign_in_attempts WHERE account_key = $1', [key]);
      } else {
        await manager.query(
          `UPDATE sign_in_attempts
              SET failures = $2, last_failure_at = $3, in_flight = $4, last_started_at = $5
            WHERE account_key = $1`,
          [key, attempts.failures, timeOrNull(attempts.lastFailureAt), attempts.inFlight, timeOrNull(attempts.lastStartedAt)],
        );
      }
      return result;
    });
  }

  async forget(failuresBefore: Date, startedBefore: Date): Promise<number> {
    const [, forgotten] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM sign_in_attempts
        WHERE (failures = 0 OR last_failure_at <= $1)
          AND (in_flight = 0 OR last_started_at <= $2)`,
      [failuresBefore, startedBefore],
    );
    return forgotten;
  }

  /** The account's row, made if missing and locked until the transaction ends. */
  private async lock(manager: EntityManager, key: string): Promise<SignInAttempts> {
    for (let attempt = 1; attempt <= LOCK_TRIES; attempt += 1) {
      await manager.query('INSERT INTO sign_in_attempts (account_key) VALUES ($1) ON CONFLICT (account_key) DO NOTHING', [key]);
      const [row] = await manager.query<AttemptsRow[]>(
        'SELECT failures, last_failure_at, in_flight, last_started_at FROM sign_in_attempts WHERE account_key = $1 FOR UPDATE',
        [key],
      );
      if (row) return toAttempts(row);
    }
    throw new Error(`Could not hold the sign-in attempts of an account after ${LOCK_TRIES} tries`);
  }
}
