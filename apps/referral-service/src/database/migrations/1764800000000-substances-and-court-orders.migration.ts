import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: a referral names the substances the patient needs treatment for, a medication to start,
 * the kind of court order (DUI/DWI or other) and what the patient's children need.
 *
 * The yes/no `court_ordered` is replaced by `court_order`, not kept beside it: a court-ordered referral
 * of before becomes 'other' (the old rule matched it to criminal-justice programmes, which is what
 * 'other' still does), and `courtOrdered` is derived from `court_order` wherever the API still shows it.
 * Referrals of before keep an empty substance list: what they were for was not asked, and nothing
 * publishes them again (referral.submitted.v2 is written only when a referral is submitted).
 */
export class SubstancesAndCourtOrders1764800000000 implements MigrationInterface {
  name = 'SubstancesAndCourtOrders1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE referrals
        ADD COLUMN substances text[] NOT NULL DEFAULT '{}',
        ADD COLUMN court_order text CHECK (court_order IN ('dui', 'other')),
        ADD COLUMN start_medication text,
        ADD COLUMN beds_for_children boolean NOT NULL DEFAULT false,
        ADD COLUMN childcare boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE referrals SET court_order = 'other' WHERE court_ordered`);
    await queryRunner.query('ALTER TABLE referrals DROP COLUMN court_ordered');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE referrals ADD COLUMN court_ordered boolean NOT NULL DEFAULT false');
    await queryRunner.query('UPDATE referrals SET court_ordered = court_order IS NOT NULL');
    await queryRunner.query(`
      ALTER TABLE referrals
        DROP COLUMN substances, DROP COLUMN court_order, DROP COLUMN start_medication,
        DROP COLUMN beds_for_children, DROP COLUMN childcare`);
  }
}
