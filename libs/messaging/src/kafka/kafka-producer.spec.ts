import { Logger } from '@nestjs/common';
import type { Kafka, Message, PartitionerArgs, ProducerBatch, ProducerConfig, RecordMetadata } from 'kafkajs';
import { KafkaProducer } from './kafka-producer.js';

const TOPIC = 'referral.submitted.v3';
const PARTITIONS = [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId + 1, replicas: [1, 2, 3], isr: [1, 2, 3] }));

/**
 * A three-partition topic whose broker, like kafkajs 2.2.4 when a leader goes away mid-send, acknowledges
 * the batch without writing the partitions in `lost`: for the first `rounds` batches.
 */
function brokerLosing(lost: number[], rounds = 1) {
  const log: { partition: number; value: string }[] = [];
  let batches = 0;
  const kafka = {
    producer: (config: ProducerConfig) => {
      const partitioner = config.createPartitioner!();
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        on: () => undefined,
        events: { DISCONNECT: 'producer.disconnect' },
        sendBatch: async ({ topicMessages }: ProducerBatch): Promise<RecordMetadata[]> => {
          const written = new Set<number>();
          batches += 1;
          for (const { topic, messages } of topicMessages ?? []) {
            for (const message of messages) {
              const partition = partitioner({ topic, partitionMetadata: PARTITIONS, message } as PartitionerArgs);
              if (batches <= rounds && lost.includes(partition)) continue;
              log.push({ partition, value: String(message.value) });
              written.add(partition);
            }
          }
          return [...written].map((partition) => ({ topicName: TOPIC, partition, errorCode: 0 }));
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, log };
}

const messages = (count: number): Message[] =>
  Array.from({ length: count }, (_, index) => ({ key: `key-${index}`, value: `event-${index}` }));

describe('KafkaProducer', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('writes every event of a batch exactly once when a partition went unacknowledged, to the partition it chose first', async () => {
    const broker = brokerLosing([1]);
    const sent = messages(30);
    await new KafkaProducer(broker.kafka).send([{ topic: TOPIC, messages: sent }]);
    expect(broker.log.map((entry) => entry.value).sort()).toEqual(sent.map((message) => String(message.value)).sort());
    const partitionsOf = new Map<string, Set<number>>();
    for (const { value, partition } of broker.log) partitionsOf.set(value, (partitionsOf.get(value) ?? new Set()).add(partition));
    expect([...partitionsOf.values()].every((partitions) => partitions.size === 1)).toBe(true);
    expect(broker.log.some((entry) => entry.partition === 1)).toBe(true);
  });

  it('fails, rather than report success, when a partition is never acknowledged', async () => {
    const broker = brokerLosing([2], Infinity);
    await expect(new KafkaProducer(broker.kafka).send([{ topic: TOPIC, messages: messages(30) }])).rejects.toThrow(
      /Kafka did not acknowledge \d+ messages after 5 rounds/,
    );
    expect(broker.log.some((entry) => entry.partition === 2)).toBe(false);
  });
});
