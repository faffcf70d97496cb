import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Event ids a consumer has applied; inserting here in the handler's transaction makes it idempotent. */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
