import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { deadLettersTotal } from '../metrics/messaging.metrics.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../kafka/messaging.options.js';

export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | string | null | undefined;
  readonly value: Buffer | string | null | undefined;
  /** As Kafka delivered them; the correlation-id header is read from here. */
  readonly headers?: Record<string, unknown>;
}

/** The message a Nest Kafka handler was given, as the inbox and the dead-letter topic take it. */
export function rawMessageOf(context: KafkaContext): RawMessage {
  const message = context.getMessage();
  return {
    topic: context.getTopic(),
    partition: context.getPartition(),
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers,
  };
}

/**
 * Parks a message no consumer can use on the dead-letter topic, byte for byte, with the reason in its
 * headers, so it can be inspected and replayed instead of blocking the partition or vanishing.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly logger = new Logger(DeadLetterPublisher.name);

  constructor(
    private readonly producer: KafkaProducer,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async publish(message: RawMessage, reason: string): Promise<void> {
    // Log where and why, never the bytes: a malformed message may still hold patient data.
    this.logger.warn(`dead-lettering ${message.topic}[${message.partition}]@${message.offset}: ${reason}`);
    deadLettersTotal().inc({ original_topic: message.topic, consumer: this.options.serviceName });
    await this.producer.send([
      {
        topic: Topic.DeadLetter,
        messages: [
          {
            key: message.key ?? null,
            value: message.value ?? null,
            headers: {
              'dlq-reason': reason,
              'dlq-original-topic': message.topic,
              'dlq-original-partition': String(message.partition),
              'dlq-original-offset': message.offset,
              'dlq-consumer': this.options.serviceName,
              'dlq-failed-at': new Date().toISOString(),
            },
          },
        ],
      },
    ]);
  }
}
