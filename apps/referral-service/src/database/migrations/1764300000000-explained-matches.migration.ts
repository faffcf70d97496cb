import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Richer referrals (medication, language, higher levels, accreditation) and explained results. */
export class ExplainedMatches1764300000000 implements MigrationInterface {
  name = 'ExplainedMatches1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE referrals
        ADD COLUMN accept_higher_levels boolean NOT NULL DEFAULT false,
        ADD COLUMN require_accreditation boolean NOT NULL DEFAULT false,
        ADD COLUMN medication text,
        ADD COLUMN language text,
        ADD COLUMN nearby_exclusions jsonb,
        ADD COLUMN suggestions jsonb`);
    await queryRunner.query(`ALTER TABLE referral_matches ADD COLUMN level_of_care text`);
    await queryRunner.query(`UPDATE referral_matches m SET level_of_care = r.level_of_care FROM referrals r WHERE r.id = m.referral_id`);
    await queryRunner.query(`ALTER TABLE referral_matches ALTER COLUMN level_of_care SET NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE referral_matches DROP COLUMN level_of_care');
    await queryRunner.query(`
      ALTER TABLE referrals DROP COLUMN accept_higher_levels, DROP COLUMN require_accreditation, DROP COLUMN medication,
        DROP COLUMN language, DROP COLUMN nearby_exclusions, DROP COLUMN suggestions`);
  }
}
