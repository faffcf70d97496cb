import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox rows remember the correlation id of the request or event that wrote them. */
export class OutboxCorrelation1764600000000 implements MigrationInterface {
  name = 'OutboxCorrelation1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbox ADD COLUMN correlation_id text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbox DROP COLUMN correlation_id');
  }
}
