import { Injectable, Logger } from '@nestjs/common';
import { decodeEvent, type EventEnvelope, type PayloadOf, type PayloadTopic } from '#contracts';
import { correlationIdOf, withCorrelation } from '#correlation';
import { entityManagerOf, isDependencyDown, UnitOfWork, type Transaction } from '#persistence';
import { DeadLetterPublisher, type RawMessage } from './dead-letter.publisher.js';

export type InboxOutcome = 'applied' | 'duplicate' | 'dead-lettered';

/**
 * Thrown by a handler for an event that is well-formed but can never be applied (an unknown facility,
 * say): it goes to the dead-letter topic with this reason at once, rather than being retried.
 */
export class RejectedEventError extends Error {}

/** A message whose handler fails this many times in a row is parked, so it cannot block its partition. */
export const MAX_HANDLER_ATTEMPTS = 5;

/**
 * Applies a validated event. It runs inside the inbox's unit of work: a handler's own
 * `UnitOfWork.run` joins it, so the change and the record of the event commit together.
 */
export type InboxHandler<T extends PayloadTopic> = (envelope: EventEnvelope<PayloadOf<T>>) => Promise<void>;

/**
 * The one way a service with a database consumes an event: validate it (or dead-letter it), then
 * apply it and record its id in one transaction, so a redelivered event changes nothing twice.
 */
@Injectable()
export class EventInbox {
  private readonly logger = new Logger(EventInbox.name);
  /** Failed attempts per message (topic, partition, offset) still being redelivered. */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  async receive<T extends PayloadTopic>(topic: T, message: RawMessage, handle: InboxHandler<T>): Promise<InboxOutcome> {
    const decoded = decodeEvent(topic, message.key, message.value);
    if (!decoded.ok) {
      await this.deadLetters.publish(message, decoded.reason);
      return 'dead-lettered';
    }
    const { envelope } = decoded;
    const position = `${message.topic}:${message.partition}:${message.offset}`;
    // Whatever the event causes (log lines, events of our own) carries the id it came with.
    const correlationId = correlationIdOf(message.headers, envelope.eventId);
    try {
      const outcome = await withCorrelation(correlationId, () => this.apply(topic, envelope, handle));
      this.attempts.delete(position);
      return outcome;
    } catch (error) {
      // The database being down is everyone's problem, not this message's: keep redelivering.
      if (isDependencyDown(error)) throw error;
      if (error instanceof RejectedEventError) {
        this.attempts.delete(position);
        await this.deadLetters.publish(message, error.message);
        return 'dead-lettered';
      }
      const attempts = (this.attempts.get(position) ?? 0) + 1;
      if (attempts < MAX_HANDLER_ATTEMPTS) {
        if (this.attempts.size > 10_000) this.attempts.clear();
        this.attempts.set(position, attempts);
        throw error;
      }
      this.attempts.delete(position);
      await this.deadLetters.publish(message, `handler failed ${attempts} times: ${(error as Error).message}`);
      return 'dead-lettered';
    }
  }

  private apply<T extends PayloadTopic>(topic: T, envelope: EventEnvelope<PayloadOf<T>>, handle: InboxHandler<T>): Promise<InboxOutcome> {
    return this.unitOfWork.run(async (tx: Transaction) => {
      const inserted: unknown[] = await entityManagerOf(tx).query(
        'INSERT INTO processed_events (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
        [envelope.eventId, topic],
      );
      if (inserted.length === 0) {
        this.logger.debug(`duplicate ${topic} event ${envelope.eventId} ignored`);
        return 'duplicate';
      }
      await handle(envelope);
      return 'applied';
    });
  }
}
