import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '#messaging';

export class CreateFacilities1764000000000 implements MigrationInterface {
  name = 'CreateFacilities1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE facilities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_ref text UNIQUE,
        name text NOT NULL,
        street text NOT NULL DEFAULT '',
        city text NOT NULL,
        state text NOT NULL,
        zip text NOT NULL,
        phone text NOT NULL DEFAULT '',
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        active boolean NOT NULL DEFAULT true,
        levels_of_care text[] NOT NULL DEFAULT '{}',
        payers text[] NOT NULL DEFAULT '{}',
        populations text[] NOT NULL DEFAULT '{}',
        genders_accepted text[] NOT NULL DEFAULT '{}',
        age_groups_accepted text[] NOT NULL DEFAULT '{}',
        credentials jsonb NOT NULL DEFAULT '[]',
        profile_version int NOT NULL DEFAULT 1,
        capacity_version int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX facilities_state_zip ON facilities (state, zip)');
    await queryRunner.query(`
      CREATE TABLE bed_counts (
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        level_of_care text NOT NULL,
        staffed int NOT NULL CHECK (staffed >= 0),
        available int NOT NULL CHECK (available >= 0 AND available <= staffed),
        confirmed_at timestamptz NOT NULL,
        PRIMARY KEY (facility_id, level_of_care)
      )`);
    await createMessagingTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropMessagingTables(queryRunner);
    await queryRunner.query('DROP TABLE bed_counts');
    await queryRunner.query('DROP TABLE facilities');
  }
}
