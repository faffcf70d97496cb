import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live-update streams open per account, shared by every instance of the service (each counted its
 * own in memory), so MAX_STREAMS_PER_ACCOUNT holds across instances. A row per open stream names the
 * instance serving it, which renews its rows while it runs: a crashed instance's rows age out.
 */
export class StreamSlots1766200000000 implements MigrationInterface {
  name = 'StreamSlots1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stream_slots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account text NOT NULL,
        instance_id text NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        renewed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX stream_slots_account ON stream_slots (account)');
    await queryRunner.query('CREATE INDEX stream_slots_instance ON stream_slots (instance_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE stream_slots');
  }
}
