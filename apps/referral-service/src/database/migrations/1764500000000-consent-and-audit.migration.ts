import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Patient identity kept apart from the referral, consents to disclose it, and the audit log of every read. */
export class ConsentAndAudit1764500000000 implements MigrationInterface {
  name = 'ConsentAndAudit1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE patient_details (
        referral_id uuid PRIMARY KEY REFERENCES referrals (id) ON DELETE CASCADE,
        given_name text NOT NULL,
        family_name text NOT NULL,
        birth_date date NOT NULL,
        phone text,
        address text,
        medical_record_number text,
        clinical_summary text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE consents (
        id uuid PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
        patient_name text NOT NULL,
        discloser text NOT NULL,
        recipient_facility_id text NOT NULL,
        recipient_name text NOT NULL,
        purpose text NOT NULL,
        disclosed_fields text[] NOT NULL,
        expires_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by text
      )`);
    await queryRunner.query(`CREATE INDEX consents_referral ON consents (referral_id, recipient_facility_id)`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        actor_role text NOT NULL,
        actor_organization text,
        action text NOT NULL,
        outcome text NOT NULL,
        referral_id uuid,
        facility_id text,
        consent_id uuid,
        fields text[] NOT NULL DEFAULT '{}',
        detail text
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX audit_log_referral ON audit_log (referral_id)`);
    await queryRunner.query(`ALTER TABLE referrals ADD COLUMN follows_referral_id uuid`);
    await queryRunner.query(`CREATE INDEX referrals_follows ON referrals (follows_referral_id) WHERE follows_referral_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE referral_tasks ADD COLUMN escalated_from_task_id uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE referral_tasks DROP COLUMN escalated_from_task_id`);
    await queryRunner.query(`ALTER TABLE referrals DROP COLUMN follows_referral_id`);
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP TABLE consents`);
    await queryRunner.query(`DROP TABLE patient_details`);
  }
}
