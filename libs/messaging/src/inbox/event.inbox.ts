import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeEvent, type EventEnvelope, type PayloadOf, type PayloadTopic } from '#contracts';
import { DeadLetterPublisher, type RawMessage } from './dead-letter.publisher.js';

export type InboxOutcome = 'applied' | 'duplicate' | 'dead-lettered';

export type InboxHandler<T extends PayloadTopic> = (
  envelope: EventEnvelope<PayloadOf<T>>,
  manager: EntityManager,
) => Promise<void>;

/**
 * The one way a service with a database consumes an event: validate it (or dead-letter it), then
 * apply it and record its id in one transaction, so a redelivered event changes nothing twice.
 */
@Injectable()
export class EventInbox {
  private readonly logger = new Logger(EventInbox.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  async receive<T extends PayloadTopic>(topic: T, message: RawMessage, handle: InboxHandler<T>): Promise<InboxOutcome> {
    const decoded = decodeEvent(topic, message.key, message.value);
    if (!decoded.ok) {
      await this.deadLetters.publish(message, decoded.reason);
      return 'dead-lettered';
    }
    const { envelope } = decoded;
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        'INSERT INTO processed_events (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
        [envelope.eventId, topic],
      );
      if (inserted.length === 0) {
        this.logger.debug(`duplicate ${topic} event ${envelope.eventId} ignored`);
        return 'duplicate';
      }
      await handle(envelope, manager);
      return 'applied';
    });
  }
}
