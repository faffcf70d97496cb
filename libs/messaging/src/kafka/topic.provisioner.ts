import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { SINGLE_BROKER_REPLICATION, type KafkaConnection, type TopicReplication } from '#config';
import { TOPIC_SPECS, type Topic } from '#contracts';
import { KAFKA_CLIENT, MESSAGING_OPTIONS } from './messaging.options.js';
import { withRetry } from './retry.js';

/**
 * Creates the topics a service uses, with their partitions, compaction and replication, before it uses
 * them. The replication comes from the service's Kafka settings (KAFKA_REPLICATION_FACTOR): a cluster's
 * topics need copies on several brokers, and a write must reach a majority of them (producers send acks=all).
 */
@Injectable()
export class TopicProvisioner {
  private readonly logger = new Logger(TopicProvisioner.name);
  private readonly replication: TopicReplication;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    // The service's MessagingOptions; without them (a tool, a test) one broker's replication.
    @Optional() @Inject(MESSAGING_OPTIONS) options?: { readonly kafka?: Pick<KafkaConnection, 'replication'> },
  ) {
    this.replication = options?.kafka?.replication ?? SINGLE_BROKER_REPLICATION;
  }

  async ensureTopics(topics: readonly Topic[]): Promise<void> {
    await withRetry('creating Kafka topics', () => this.createMissing(topics));
    // A topic another service created a moment ago may not have its leaders yet; a consumer that
    // subscribes then fails with UNKNOWN_TOPIC_OR_PARTITION, so wait until every partition has one.
    await withRetry('waiting for topic leaders', () => this.assertLeaders(topics));
  }

  private async assertLeaders(topics: readonly Topic[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = metadata.topics.filter(
        (topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0),
      );
      if (leaderless.length > 0) throw new Error(`no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`);
      // A topic made before the cluster grew keeps its fewer copies: say so rather than let it pass for replicated.
      const underReplicated = metadata.topics.filter((topic) =>
        topic.partitions.some((partition) => partition.replicas.length < this.replication.factor),
      );
      if (underReplicated.length > 0) {
        this.logger.warn(
          `topics ${underReplicated.map((topic) => topic.name).join(', ')} have fewer than ${this.replication.factor} replicas ` +
            '(KAFKA_REPLICATION_FACTOR): they were created before; kafka-reassign-partitions adds replicas',
        );
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async createMissing(topics: readonly Topic[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = TOPIC_SPECS.filter((spec) => topics.includes(spec.topic) && !existing.has(spec.topic));
      if (missing.length === 0) return;
      const { factor, minInsync } = this.replication;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          // More than the brokers registered fails (INVALID_REPLICATION_FACTOR) and is retried: a cluster still starting.
          replicationFactor: factor,
          configEntries: [
            ...(spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            { name: 'min.insync.replicas', value: String(minInsync) },
          ],
        })),
      });
      this.logger.log(
        `created topics ${missing.map((spec) => spec.topic).join(', ')} (replication factor ${factor}, min.insync.replicas ${minInsync})`,
      );
    } catch (error) {
      // Another service may have created the same topic a moment earlier.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    } finally {
      await admin.disconnect();
    }
  }
}
