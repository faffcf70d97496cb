import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on binds an account to one person at the identity provider: the issuer and subject of
 * the first ID token it accepted for it. No two accounts share one; both are set or neither.
 */
export class SsoIdentity1765300000000 implements MigrationInterface {
  name = 'SsoIdentity1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE accounts
        ADD COLUMN sso_issuer text,
        ADD COLUMN sso_subject text,
        ADD CONSTRAINT accounts_sso_identity_unique UNIQUE (sso_issuer, sso_subject),
        ADD CONSTRAINT accounts_sso_identity_whole CHECK ((sso_issuer IS NULL) = (sso_subject IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE accounts
        DROP CONSTRAINT accounts_sso_identity_whole,
        DROP CONSTRAINT accounts_sso_identity_unique,
        DROP COLUMN sso_subject,
        DROP COLUMN sso_issuer`);
  }
}
