import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-account write limit's counts (#throttling's PostgresThrottlerStorage), shared by every instance
 * of the service instead of kept in each one's memory. One row per route and account: hits in the window
 * that opened at the first of them, and until when the account is blocked after going over the limit.
 */
export class WriteLimitHits1766100000000 implements MigrationInterface {
  name = 'WriteLimitHits1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE write_limit_hits (
        key text NOT NULL,
        throttler text NOT NULL,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (key, throttler)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE write_limit_hits');
  }
}
