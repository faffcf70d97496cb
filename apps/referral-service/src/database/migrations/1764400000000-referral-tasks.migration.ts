import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A referral sent to facilities: one task per facility (FHIR Task), its transitions, and who submitted it. */
export class ReferralTasks1764400000000 implements MigrationInterface {
  name = 'ReferralTasks1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE referrals ADD COLUMN submitted_by text, ADD COLUMN organization text, ADD COLUMN origin_state text`,
    );
    await queryRunner.query(`
      CREATE TABLE referral_tasks (
        id uuid PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
        facility_id text NOT NULL,
        facility_name text NOT NULL,
        level_of_care text NOT NULL,
        status text NOT NULL,
        status_reason text,
        status_note text,
        hold_status text NOT NULL DEFAULT 'pending',
        hold_expires_at timestamptz,
        hold_reason text,
        hold_version int NOT NULL DEFAULT 0,
        version int NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX referral_tasks_referral ON referral_tasks (referral_id)`);
    await queryRunner.query(`CREATE INDEX referral_tasks_facility ON referral_tasks (facility_id, status)`);
    await queryRunner.query(`
      CREATE TABLE referral_task_transitions (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES referral_tasks (id) ON DELETE CASCADE,
        referral_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        reason text,
        note text,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX referral_task_transitions_task ON referral_task_transitions (task_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE referral_task_transitions`);
    await queryRunner.query(`DROP TABLE referral_tasks`);
    await queryRunner.query(`ALTER TABLE referrals DROP COLUMN submitted_by, DROP COLUMN organization, DROP COLUMN origin_state`);
  }
}
