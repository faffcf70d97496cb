import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['referrals', 'referral_matches', 'referral_tasks', 'patient_details', 'consents'] as const;

/**
 * Every change to a referral, its matches, tasks, patient details or consents sends NOTIFY with the
 * referral's id, from a trigger, so no write path can forget it: PostgreSQL delivers it when the
 * transaction commits and never for one rolled back, to every instance listening
 * (ReferralChangeListener), and sends a referral's id once per transaction however many rows changed.
 * A task's change is also announced for the referral it follows up, whose warnings count that task.
 * The channel is named after the schema (hashed to fit a channel name; see referralChangeChannel),
 * so two schemas in one database do not hear each other.
 */
export class ReferralChangeNotifications1765500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_referral_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        changed record;
        referral uuid;
        followed uuid;
        channel text := 'referral_changes_' || left(encode(sha256(convert_to(TG_TABLE_SCHEMA, 'UTF8')), 'hex'), 32);
      BEGIN
        IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
        IF TG_TABLE_NAME = 'referrals' THEN referral := changed.id; ELSE referral := changed.referral_id; END IF;
        PERFORM pg_notify(channel, referral::text);
        IF TG_TABLE_NAME = 'referral_tasks' THEN
          EXECUTE format('SELECT follows_referral_id FROM %I.referrals WHERE id = $1', TG_TABLE_SCHEMA) INTO followed USING referral;
          IF followed IS NOT NULL THEN PERFORM pg_notify(channel, followed::text); END IF;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const table of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON ${table} ` +
          'FOR EACH ROW EXECUTE FUNCTION notify_referral_change()',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TRIGGER ${table}_notify_change ON ${table}`);
    await queryRunner.query(`DROP FUNCTION notify_referral_change()`);
  }
}
