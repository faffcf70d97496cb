import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation: an account's token version (access tokens carry it as `ver`; raising it ends every token
 * issued before), API keys that expire, and the log of admins' changes to accounts and keys.
 */
export class AccessRevocation1765500000000 implements MigrationInterface {
  name = 'AccessRevocation1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts ADD COLUMN token_version integer NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE api_keys ADD COLUMN expires_at timestamptz');
    await queryRunner.query('CREATE INDEX api_keys_account_id ON api_keys (account_id)');
    await queryRunner.query(`
      CREATE TABLE account_changes (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        changed_by uuid NOT NULL,
        action text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX account_changes_account ON account_changes (account_id, changed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE account_changes');
    await queryRunner.query('DROP INDEX api_keys_account_id');
    await queryRunner.query('ALTER TABLE api_keys DROP COLUMN expires_at');
    await queryRunner.query('ALTER TABLE accounts DROP COLUMN token_version');
  }
}
