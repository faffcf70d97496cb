import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The full care model: programs, medications, therapies, languages, payer details, typed bed board, history. */
export class CareModel1764100000000 implements MigrationInterface {
  name = 'CareModel1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE facilities
        ADD COLUMN programs jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN medications text[] NOT NULL DEFAULT '{}',
        ADD COLUMN continues_external_medication boolean,
        ADD COLUMN therapies text[] NOT NULL DEFAULT '{}',
        ADD COLUMN languages text[] NOT NULL DEFAULT '{}',
        ADD COLUMN private_insurance_plans text[] NOT NULL DEFAULT '{}',
        ADD COLUMN upfront_payment_required boolean,
        ADD COLUMN accreditation_version int NOT NULL DEFAULT 0,
        ADD COLUMN insurance_version int NOT NULL DEFAULT 0`);
    // Existing facilities keep their levels of care as programs without ASAM detail.
    await queryRunner.query(`
      UPDATE facilities SET programs = (
        SELECT coalesce(jsonb_agg(jsonb_build_object('levelOfCare', level)), '[]'::jsonb) FROM unnest(levels_of_care) AS level)`);
    await queryRunner.query(`
      ALTER TABLE bed_counts
        ADD COLUMN bed_type text NOT NULL DEFAULT 'general',
        ADD COLUMN opening24h int NOT NULL DEFAULT 0 CHECK (opening24h >= 0),
        ADD COLUMN opening72h int NOT NULL DEFAULT 0 CHECK (opening72h >= 0),
        ADD COLUMN waitlist boolean NOT NULL DEFAULT false,
        ADD COLUMN typical_wait_days int CHECK (typical_wait_days >= 0),
        ADD CONSTRAINT bed_counts_openings_ordered CHECK (opening24h <= opening72h)`);
    await queryRunner.query('ALTER TABLE bed_counts DROP CONSTRAINT bed_counts_pkey');
    await queryRunner.query('ALTER TABLE bed_counts ADD PRIMARY KEY (facility_id, level_of_care, bed_type)');
    await queryRunner.query(`
      CREATE TABLE facility_changes (
        id bigserial PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        aspect text NOT NULL CHECK (aspect IN ('profile', 'capacity', 'accreditation', 'insurance')),
        sequence int NOT NULL,
        previous jsonb,
        current jsonb NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (facility_id, aspect, sequence)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE facility_changes');
    await queryRunner.query("DELETE FROM bed_counts WHERE bed_type <> 'general'");
    await queryRunner.query('ALTER TABLE bed_counts DROP CONSTRAINT bed_counts_pkey');
    await queryRunner.query('ALTER TABLE bed_counts ADD PRIMARY KEY (facility_id, level_of_care)');
    await queryRunner.query(`
      ALTER TABLE bed_counts DROP CONSTRAINT bed_counts_openings_ordered,
        DROP COLUMN bed_type, DROP COLUMN opening24h, DROP COLUMN opening72h, DROP COLUMN waitlist, DROP COLUMN typical_wait_days`);
    await queryRunner.query(`
      ALTER TABLE facilities DROP COLUMN programs, DROP COLUMN medications, DROP COLUMN continues_external_medication,
        DROP COLUMN therapies, DROP COLUMN languages, DROP COLUMN private_insurance_plans,
        DROP COLUMN upfront_payment_required, DROP COLUMN accreditation_version, DROP COLUMN insurance_version`);
  }
}
