import { randomUUID } from 'node:crypto';
import type { EventEnvelope, PayloadOf, PayloadTopic } from '#contracts';

/**
 * Kafka header carrying the envelope's eventId, so tools and consumers can tell duplicates apart
 * without parsing the value. Every producer (the outbox relay, the matcher) sets it.
 */
export const EVENT_ID_HEADER = 'event-id';

/** One change of one aggregate, as a producer describes it before it is wrapped for the wire. */
export interface EnvelopeEvent<T extends PayloadTopic> {
  readonly topic: T;
  /** The aggregate id; becomes the Kafka message key. */
  readonly key: string;
  /** The aggregate's version after this change; consumers drop anything not newer than what they hold. */
  readonly sequence: number;
  readonly payload: PayloadOf<T>;
}

export interface EnvelopeOptions {
  /** The service that publishes the event. */
  readonly producer: string;
  readonly occurredAt?: Date;
  /**
   * A fixed id for an event that may be produced again (e.g. derived from the event it answers), so
   * the redelivery is recognised as a duplicate; a fresh random UUID otherwise.
   */
  readonly eventId?: string;
}

/** The one way an envelope is built: the outbox writer and the matcher both use it. */
export function envelopeFor<T extends PayloadTopic>(
  event: EnvelopeEvent<T>,
  { producer, occurredAt = new Date(), eventId = randomUUID() }: EnvelopeOptions,
): EventEnvelope<PayloadOf<T>> {
  return {
    eventId,
    type: event.topic,
    occurredAt: occurredAt.toISOString(),
    producer,
    key: event.key,
    sequence: event.sequence,
    payload: event.payload,
  };
}
