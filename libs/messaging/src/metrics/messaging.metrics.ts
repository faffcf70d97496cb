import type { Kafka } from 'kafkajs';
import { Counter, Gauge, register } from 'prom-client';

/** One metric per name in the process, however often modules are built (tests build several). */
function single<M>(name: string, create: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create();
}

export const deadLettersTotal = (): Counter<'original_topic' | 'consumer'> =>
  single(
    'dead_letters_total',
    () =>
      new Counter({
        name: 'dead_letters_total',
        help: 'Messages parked on the dead-letter topic',
        labelNames: ['original_topic', 'consumer'],
      }),
  );

/** Unpublished outbox rows, counted when Prometheus scrapes. */
export function trackOutboxBacklog(backlog: () => Promise<number>): void {
  single(
    'outbox_backlog',
    () =>
      new Gauge({
        name: 'outbox_backlog',
        help: 'Committed events not yet acknowledged by Kafka',
        async collect() {
          this.set(await backlog().catch(() => Number.NaN));
        },
      }),
  );
}

/** How far a consumer group is behind the end of each topic it reads, asked of Kafka at scrape time. */
export function trackConsumerLag(kafka: Kafka, groupId: string, topics: readonly string[]): void {
  single(
    'kafka_consumer_lag',
    () =>
      new Gauge({
        name: 'kafka_consumer_lag',
        help: 'Messages on the topic the consumer group has not committed yet',
        labelNames: ['group', 'topic'],
        async collect() {
          const admin = kafka.admin();
          try {
            await admin.connect();
            const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
            for (const topic of topics) {
              const ends = await admin.fetchTopicOffsets(topic);
              const done = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
              const lag = ends.reduce((sum, end) => {
                const offset = Number(done.find((partition) => partition.partition === end.partition)?.offset ?? -1);
                return sum + Math.max(0, Number(end.high) - (offset < 0 ? Number(end.low) : offset));
              }, 0);
              this.set({ group: groupId, topic }, lag);
            }
          } catch {
            // Kafka out of reach: keep the last figures rather than fail the whole scrape.
          } finally {
            await admin.disconnect().catch(() => undefined);
          }
        },
      }),
  );
}
