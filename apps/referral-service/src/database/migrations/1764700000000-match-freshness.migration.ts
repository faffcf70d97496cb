import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each matched facility last confirmed its beds, so planners see how fresh a count is. */
export class MatchFreshness1764700000000 implements MigrationInterface {
  name = 'MatchFreshness1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE referral_matches ADD COLUMN beds_confirmed_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE referral_matches DROP COLUMN beds_confirmed_at');
  }
}
