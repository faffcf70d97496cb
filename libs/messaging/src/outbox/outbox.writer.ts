import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertValidPayload, type EventEnvelope, type PayloadOf, type PayloadTopic } from '#contracts';
import { currentCorrelationId } from '#correlation';
import { envelopeFor, type EnvelopeEvent } from '../envelope/envelope-for.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../kafka/messaging.options.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';

/** An event to append: topic, aggregate id (the Kafka key), the aggregate's new sequence and payload. */
export type OutboxEvent<T extends PayloadTopic> = EnvelopeEvent<T>;

/**
 * Appends events to the outbox through the caller's transaction, so the event exists exactly when
 * the state change it announces was committed.
 */
@Injectable()
export class OutboxWriter {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  envelope<T extends PayloadTopic>(event: OutboxEvent<T>, occurredAt = new Date()): EventEnvelope<PayloadOf<T>> {
    assertValidPayload(event.topic, event.payload);
    return envelopeFor(event, { producer: this.options.serviceName, occurredAt });
  }

  async append<T extends PayloadTopic>(manager: EntityManager, events: readonly OutboxEvent<T>[]): Promise<void> {
    if (events.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append must run inside the transaction of the state change');
    }
    const correlationId = currentCorrelationId() ?? null;
    const rows = events.map((event) => ({ topic: event.topic, message_key: event.key, envelope: this.envelope(event), correlation_id: correlationId }));
    // One JSON parameter per chunk: a bulk import writes tens of thousands of events quickly.
    for (let start = 0; start < rows.length; start += 5000) {
      await manager.query(
        `INSERT INTO ${manager.getRepository(OutboxMessageEntity).metadata.tablePath} (topic, message_key, envelope, correlation_id)
         SELECT topic, message_key, envelope, correlation_id
           FROM jsonb_to_recordset($1::jsonb) AS row(topic text, message_key text, envelope jsonb, correlation_id text)`,
        [JSON.stringify(rows.slice(start, start + 5000))],
      );
    }
  }
}
