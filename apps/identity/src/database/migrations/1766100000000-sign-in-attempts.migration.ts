import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recent sign-in attempts per account, shared by every instance of identity (they were in each one's
 * memory), so wrong attempts through any instance make the account wait. Keyed by a hash of what names
 * the account; rows with nothing left worth keeping are deleted.
 */
export class SignInAttempts1766100000000 implements MigrationInterface {
  name = 'SignInAttempts1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sign_in_attempts (
        account_key text PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0,
        last_failure_at timestamptz,
        in_flight integer NOT NULL DEFAULT 0,
        last_started_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sign_in_attempts');
  }
}
