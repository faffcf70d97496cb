import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPIC_SPECS, Topic } from '#contracts';
import { TopicProvisioner } from './topic.provisioner.js';

/** A broker that knows no topics yet and records what it is asked to create. */
function emptyBroker() {
  const created: { topic: Topic; numPartitions: number; replicationFactor: number; configEntries: { name: string; value: string }[] }[] =
    [];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => [],
    createTopics: async ({ topics }: { topics: typeof created }) => {
      created.push(...topics);
      return true;
    },
    fetchTopicMetadata: async () => ({
      topics: created.map((topic) => ({
        name: topic.topic,
        partitions: [{ partitionId: 0, leader: 1, replicas: Array.from({ length: topic.replicationFactor }, (_, id) => id + 1) }],
      })),
    }),
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, created };
}

describe('TopicProvisioner', () => {
  beforeAll(() => Logger.overrideLogger(false));

  const configOf = (name: string, topic: { configEntries: { name: string; value: string }[] }) =>
    topic.configEntries.find((entry) => entry.name === name)?.value;

  it('creates a topic with one copy by default, as one broker needs', async () => {
    const broker = emptyBroker();
    await new TopicProvisioner(broker.kafka).ensureTopics([Topic.ReferralSubmitted]);
    expect(broker.created).toEqual([expect.objectContaining({ topic: Topic.ReferralSubmitted, replicationFactor: 1 })]);
    expect(configOf('min.insync.replicas', broker.created[0])).toBe('1');
  });

  it("gives a cluster's topics the configured copies, and needs a majority of them in sync for a write", async () => {
    const broker = emptyBroker();
    const options = { kafka: { replication: { factor: 3, minInsync: 2 } } };
    await new TopicProvisioner(broker.kafka, options).ensureTopics([Topic.FacilityCapacity, Topic.ReferralSubmitted]);
    const spec = TOPIC_SPECS.find((candidate) => candidate.topic === Topic.FacilityCapacity);
    const capacity = broker.created.find((topic) => topic.topic === Topic.FacilityCapacity);
    expect(capacity).toMatchObject({ replicationFactor: 3, numPartitions: spec?.partitions });
    expect(configOf('min.insync.replicas', capacity!)).toBe('2');
    // Compaction still comes from the topic's spec.
    expect(configOf('cleanup.policy', capacity!)).toBe('compact');
    expect(broker.created.map((topic) => topic.replicationFactor)).toEqual([3, 3]);
  });
});
