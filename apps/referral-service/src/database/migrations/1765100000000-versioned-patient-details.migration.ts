import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patient details keep every version (a change adds one, the earlier stay), and a consent names the
 * version it was given for, so it never discloses values recorded after the patient agreed.
 */
export class VersionedPatientDetails1765100000000 implements MigrationInterface {
  name = 'VersionedPatientDetails1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE patient_details ADD COLUMN version int NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE patient_details ALTER COLUMN version DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE patient_details DROP CONSTRAINT patient_details_pkey`);
    await queryRunner.query(`ALTER TABLE patient_details ADD CONSTRAINT patient_details_pkey PRIMARY KEY (referral_id, version)`);
    // Every consent so far was given for the only version there was.
    await queryRunner.query(`ALTER TABLE consents ADD COLUMN patient_details_version int`);
    await queryRunner.query(`UPDATE consents SET patient_details_version = 1`);
    await queryRunner.query(`ALTER TABLE consents ALTER COLUMN patient_details_version SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE consents ADD CONSTRAINT consents_patient_details_version_fk
        FOREIGN KEY (referral_id, patient_details_version) REFERENCES patient_details (referral_id, version) ON DELETE CASCADE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE consents DROP CONSTRAINT consents_patient_details_version_fk`);
    await queryRunner.query(`ALTER TABLE consents DROP COLUMN patient_details_version`);
    await queryRunner.query(`
      DELETE FROM patient_details old
       WHERE old.version < (SELECT max(latest.version) FROM patient_details latest WHERE latest.referral_id = old.referral_id)`);
    await queryRunner.query(`ALTER TABLE patient_details DROP CONSTRAINT patient_details_pkey`);
    await queryRunner.query(`ALTER TABLE patient_details ADD CONSTRAINT patient_details_pkey PRIMARY KEY (referral_id)`);
    await queryRunner.query(`ALTER TABLE patient_details DROP COLUMN version`);
  }
}
