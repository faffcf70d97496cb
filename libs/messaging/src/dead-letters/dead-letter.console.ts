import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnection } from '#config';
import { Topic } from '#contracts';
import { kafkaSecurity } from '../kafka/kafka-client.factory.js';

export interface ParkedMessage {
  readonly offset: string;
  readonly partition: number;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly originalTopic: string;
  readonly reason: string;
  readonly consumer: string;
  readonly failedAt: string;
  readonly replayedFrom: string | null;
}

/**
 * What operators do with the dead-letter topic: read what was parked and why, and send chosen
 * messages back to the topic they came from (after the cause is fixed) with their bytes unchanged.
 */
export class DeadLetterConsole {
  private readonly kafka: Kafka;

  /** `connection`: a principal that may read the dead-letter topic and write the topics it replays to (an operator's). */
  constructor(connection: KafkaConnection) {
    this.kafka = new Kafka({
      clientId: `dead-letters-${randomUUID().slice(0, 8)}`,
      ...kafkaSecurity(connection),
      logLevel: logLevel.NOTHING,
    });
  }

  /** Every parked message, oldest first (the topic as it stands now). */
  async list(): Promise<ParkedMessage[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(Topic.DeadLetter);
    await admin.disconnect();
    const remaining = new Map(ends.filter((end) => Number(end.high) > Number(end.low)).map((end) => [end.partition, Number(end.high)]));
    const parked: ParkedMessage[] = [];
    if (remaining.size === 0) return parked;
    const consumer = this.kafka.consumer({ groupId: `dead-letters-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.DeadLetter, fromBeginning: true });
    await new Promise<void>((done, failed) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const header = (name: string) => message.headers?.[name]?.toString() ?? '';
            parked.push({
              offset: message.offset,
              partition,
              key: message.key?.toString() ?? null,
              value: message.value,
              originalTopic: header('dlq-original-topic'),
              reason: header('dlq-reason'),
              consumer: header('dlq-consumer'),
              failedAt: header('dlq-failed-at'),
              replayedFrom: header('dlq-replayed-from') || null,
            });
            if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
            if (remaining.size === 0) done();
          },
        })
        .catch(failed);
    });
    await consumer.disconnect();
    return parked;
  }

  /** Sends the chosen parked messages back where they came from; returns how many. */
  async replay(chosen: readonly ParkedMessage[]): Promise<number> {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (const message of chosen) {
      if (!message.originalTopic) continue;
      await producer.send({
        topic: message.originalTopic,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: { 'dlq-replayed-from': `${Topic.DeadLetter}:${message.partition}:${message.offset}` },
          },
        ],
      });
    }
    await producer.disconnect();
    return chosen.filter((message) => message.originalTopic).length;
  }
}
