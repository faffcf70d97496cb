import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the directory states beyond levels and medications (issue 13): medication services, substances
 * not treated or served only, withdrawal managed, operators, recovery supports. Empty means "not on
 * file"; the next directory import fills them in.
 */
export class ClinicalFacts1764700000000 implements MigrationInterface {
  name = 'ClinicalFacts1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE facilities
        ADD COLUMN medication_services text[] NOT NULL DEFAULT '{}',
        ADD COLUMN substances_not_treated text[] NOT NULL DEFAULT '{}',
        ADD COLUMN serves_only_clients_with text[] NOT NULL DEFAULT '{}',
        ADD COLUMN withdrawal_managed text[] NOT NULL DEFAULT '{}',
        ADD COLUMN operators text[] NOT NULL DEFAULT '{}',
        ADD COLUMN support_services text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE facilities
        DROP COLUMN medication_services, DROP COLUMN substances_not_treated, DROP COLUMN serves_only_clients_with,
        DROP COLUMN withdrawal_managed, DROP COLUMN operators, DROP COLUMN support_services`);
  }
}
