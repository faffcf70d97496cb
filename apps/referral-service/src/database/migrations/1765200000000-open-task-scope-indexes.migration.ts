import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The open-task caps count an organisation's (or one planner's) referrals on every send: index both scopes. */
export class OpenTaskScopeIndexes1765200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX referrals_organization ON referrals (organization)`);
    await queryRunner.query(`CREATE INDEX referrals_submitted_by ON referrals (submitted_by)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX referrals_submitted_by`);
    await queryRunner.query(`DROP INDEX referrals_organization`);
  }
}
