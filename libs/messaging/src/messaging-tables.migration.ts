import type { QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service with a database needs; called from its first migration. */
export async function createMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      message_key text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
  await queryRunner.query('CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL');
  await queryRunner.query(`
    CREATE TABLE processed_events (
      event_id uuid PRIMARY KEY,
      topic text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function dropMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DROP TABLE processed_events');
  await queryRunner.query('DROP TABLE outbox');
}
