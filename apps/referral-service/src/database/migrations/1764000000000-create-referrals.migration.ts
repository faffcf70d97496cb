import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '#messaging';

export class CreateReferrals1764000000000 implements MigrationInterface {
  name = 'CreateReferrals1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY,
        match_status text NOT NULL CHECK (match_status IN ('matching', 'matched', 'no-match')),
        level_of_care text NOT NULL,
        payer text NOT NULL,
        origin_zip text NOT NULL,
        origin_latitude double precision NOT NULL,
        origin_longitude double precision NOT NULL,
        max_distance_miles double precision NOT NULL,
        gender text NOT NULL,
        age_years int NOT NULL,
        pregnant boolean NOT NULL,
        co_occurring_mental_illness boolean NOT NULL,
        court_ordered boolean NOT NULL,
        submitted_at timestamptz NOT NULL,
        matched_at timestamptz,
        facilities_considered int,
        excluded_by_rule jsonb,
        version int NOT NULL DEFAULT 1
      )`);
    await queryRunner.query('CREATE INDEX referrals_submitted_at ON referrals (submitted_at)');
    await queryRunner.query(`
      CREATE TABLE referral_matches (
        referral_id uuid NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
        rank int NOT NULL,
        facility_id text NOT NULL,
        facility_name text NOT NULL,
        city text NOT NULL,
        state text NOT NULL,
        distance_miles double precision NOT NULL,
        beds_available int NOT NULL,
        score double precision NOT NULL,
        reasons text[] NOT NULL,
        PRIMARY KEY (referral_id, rank)
      )`);
    await queryRunner.query('CREATE INDEX referral_matches_facility ON referral_matches (facility_id)');
    await createMessagingTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropMessagingTables(queryRunner);
    await queryRunner.query('DROP TABLE referral_matches');
    await queryRunner.query('DROP TABLE referrals');
  }
}
