import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPIC_SPECS, type Topic } from '#contracts';
import { KAFKA_CLIENT } from './messaging.options.js';
import { withRetry } from './retry.js';

/** Creates the topics a service uses, with their partitions and compaction, before it uses them. */
@Injectable()
export class TopicProvisioner {
  private readonly logger = new Logger(TopicProvisioner.name);

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

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
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: 1,
          configEntries: spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
        })),
      });
      this.logger.log(`created topics ${missing.map((spec) => spec.topic).join(', ')}`);
    } catch (error) {
      // Another service may have created the same topic a moment earlier.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    } finally {
      await admin.disconnect();
    }
  }
}
