import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bed holds: a bed taken out of `available` while a facility answers a referral. */
export class BedHolds1764400000000 implements MigrationInterface {
  name = 'BedHolds1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE bed_counts ADD COLUMN held int NOT NULL DEFAULT 0 CHECK (held >= 0)`);
    await queryRunner.query(`ALTER TABLE bed_counts ADD CONSTRAINT bed_counts_available_not_negative CHECK (available >= 0)`);
    await queryRunner.query(`
      CREATE TABLE bed_holds (
        task_id uuid PRIMARY KEY,
        referral_id uuid NOT NULL,
        facility_id text NOT NULL,
        level_of_care text NOT NULL,
        bed_type text,
        status text NOT NULL,
        reason text,
        task_version int NOT NULL,
        version int NOT NULL,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX bed_holds_expiry ON bed_holds (expires_at) WHERE status = 'held'`);
    await queryRunner.query(`CREATE INDEX bed_holds_facility ON bed_holds (facility_id, status)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE bed_holds`);
    await queryRunner.query(`ALTER TABLE bed_counts DROP CONSTRAINT bed_counts_available_not_negative`);
    await queryRunner.query(`ALTER TABLE bed_counts DROP COLUMN held`);
  }
}
