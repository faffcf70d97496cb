import { Inject, Injectable, Optional } from '@nestjs/common';
import { assertValidPayload, type EventEnvelope, type PayloadOf, type PayloadTopic } from '#contracts';
import { currentCorrelationId } from '#correlation';
import { entityManagerOf, type Transaction } from '#persistence';
import { envelopeFor, type EnvelopeEvent } from '../envelope/envelope-for.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../kafka/messaging.options.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { OutboxRelay } from './outbox.relay.js';

/** An event to append: topic, aggregate id (the Kafka key), the aggregate's new sequence and payload. */
export type OutboxEvent<T extends PayloadTopic> = EnvelopeEvent<T>;

/**
 * Appends events to the outbox through the caller's transaction, so the event exists exactly when
 * the state change it announces was committed; the relay is woken once that transaction commits.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    // Absent in a process without a relay (the directory import CLI): the running service's relay
    // then publishes what was written at its next poll.
    @Optional() private readonly relay?: OutboxRelay,
  ) {}

  private readonly wakeRelay = (): void => this.relay?.notify();

  envelope<T extends PayloadTopic>(event: OutboxEvent<T>, occurredAt = new Date()): EventEnvelope<PayloadOf<T>> {
    assertValidPayload(event.topic, event.payload);
    return envelopeFor(event, { producer: this.options.serviceName, occurredAt });
  }

  async append<T extends PayloadTopic>(tx: Transaction, events: readonly OutboxEvent<T>[]): Promise<void> {
    if (events.length === 0) return;
    const manager = entityManagerOf(tx);
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append must run inside the transaction of the state change');
    }
    const correlationId = currentCorrelationId() ?? null;
    const rows = events.map((event) => ({
      topic: event.topic,
      message_key: event.key,
      envelope: this.envelope(event),
      correlation_id: correlationId,
    }));
    // One JSON parameter per chunk: a bulk import writes tens of thousands of events quickly.
    for (let start = 0; start < rows.length; start += 5000) {
      await manager.query(
        `INSERT INTO ${manager.getRepository(OutboxMessageEntity).metadata.tablePath} (topic, message_key, envelope, correlation_id)
         SELECT topic, message_key, envelope, correlation_id
           FROM jsonb_to_recordset($1::jsonb) AS row(topic text, message_key text, envelope jsonb, correlation_id text)`,
        [JSON.stringify(rows.slice(start, start + 5000))],
      );
    }
    tx.afterCommit(this.wakeRelay);
  }
}
