import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Partitioners, type Kafka, type Message, type PartitionerArgs, type Producer, type RecordMetadata } from 'kafkajs';
import { KAFKA_CLIENT } from './messaging.options.js';

/** Rounds of sending again what a batch's acknowledgement left out, before the caller gets the error. */
const RESEND_ROUNDS = 5;

/**
 * The service's one idempotent producer. It connects lazily, so a service can start (and report
 * itself unready) while the broker is still coming up.
 */
@Injectable()
export class KafkaProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducer.name);
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  /** The partition each message of ours went to: fixed at its first send, so every retry targets the same one. */
  private readonly partitionOf = new WeakMap<Message, number>();

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: () => this.stickyPartitioner(),
      });
      try {
        await producer.connect();
      } catch (error) {
        this.connecting = null;
        throw error;
      }
      producer.on(producer.events.DISCONNECT, () => {
        this.producer = null;
        this.connecting = null;
      });
      this.producer = producer;
      return producer;
    })();
    return this.connecting;
  }

  /** kafkajs's default partitioner, remembering its choice for each message (see `send`). */
  private stickyPartitioner(): (args: PartitionerArgs) => number {
    const choose = Partitioners.DefaultPartitioner();
    return (args) => {
      const chosen = this.partitionOf.get(args.message);
      if (chosen !== undefined && chosen < args.partitionMetadata.length) return chosen;
      const partition = choose(args);
      this.partitionOf.set(args.message, partition);
      return partition;
    };
  }

  /**
   * Sends with acks=all: on a cluster a write counts once the topic's min.insync.replicas copies have it.
   * Resolves only when every message's partition was acknowledged. kafkajs 2.2.4 can resolve a batch
   * without writing the partitions whose leader went away mid-send (its retry skips new leaders that
   * already answered for other partitions: tulios/kafkajs#1303), so what is missing is sent again, to
   * the same partitions and sequence numbers, which the idempotent producer keeps free of duplicates.
   */
  async send(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    const producer = await this.connected();
    let pending = topicMessages;
    for (let round = 1; ; round += 1) {
      const acknowledged = written(await producer.sendBatch({ topicMessages: pending, acks: -1 }));
      pending = pending
        .map(({ topic, messages }) => ({
          topic,
          messages: messages.filter((message) => !acknowledged.has(`${topic}:${this.partitionOf.get(message)}`)),
        }))
        .filter(({ messages }) => messages.length > 0);
      const missing = pending.reduce((count, { messages }) => count + messages.length, 0);
      if (missing === 0) return;
      if (round >= RESEND_ROUNDS) {
        throw new Error(`Kafka did not acknowledge ${missing} messages after ${RESEND_ROUNDS} rounds (a partition without a leader?)`);
      }
      this.logger.warn(`Kafka acknowledged part of a batch (a broker went away mid-send): sending the other ${missing} messages again`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) {
      await producer.disconnect().catch((error: Error) => this.logger.warn(`producer disconnect: ${error.message}`));
    }
  }
}

/** The topic partitions a produce response says were written. */
function written(metadata: RecordMetadata[]): Set<string> {
  return new Set(metadata.filter((record) => record.errorCode === 0).map((record) => `${record.topicName}:${record.partition}`));
}
