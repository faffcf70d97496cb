import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { decodeEvent, Topic } from '#contracts';
import { DeadLetterPublisher, KAFKA_CLIENT, withRetry } from '#messaging';
import { FacilityStateStore } from './facility-state.store.js';

const STATE_TOPICS = [Topic.FacilityProfile, Topic.FacilityCapacity] as const;

/**
 * Rebuilds the working set from the compacted facility topics, from the beginning, every time the
 * matcher starts; then keeps it current. A new instance needs nothing but Kafka.
 */
@Injectable()
export class FacilityStateLoader implements OnModuleDestroy {
  private readonly logger = new Logger(FacilityStateLoader.name);
  private consumer: Consumer | null = null;
  private caughtUp = false;
  private eventsApplied = 0;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly store: FacilityStateStore,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  get ready(): boolean {
    return this.caughtUp;
  }

  /** Resolves once every message that existed at start has been applied. */
  async start(): Promise<{ facilities: number; events: number; millis: number }> {
    const started = Date.now();
    const remaining = await withRetry('reading facility topic offsets', () => this.endOffsets());
    // Each instance reads every partition itself, so its group is its own and never committed.
    const consumer = this.kafka.consumer({ groupId: `matcher-state-${randomUUID()}`, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...STATE_TOPICS], fromBeginning: true });
    let markReady: () => void = () => undefined;
    const allCaughtUp = new Promise<void>((resolve) => (markReady = resolve));
    const check = (): void => {
      if (!this.caughtUp && remaining.size === 0) {
        this.caughtUp = true;
        markReady();
      }
    };
    check();
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const decoded = decodeEvent(topic as (typeof STATE_TOPICS)[number], message.key, message.value);
        if (!decoded.ok) {
          await this.deadLetters.publish({ topic, partition, ...message }, decoded.reason);
        } else if (topic === Topic.FacilityProfile) {
          this.store.applyProfile(decoded.envelope as Parameters<FacilityStateStore['applyProfile']>[0]);
        } else {
          this.store.applyCapacity(decoded.envelope as Parameters<FacilityStateStore['applyCapacity']>[0]);
        }
        this.eventsApplied += 1;
        const target = remaining.get(`${topic}:${partition}`);
        if (target !== undefined && BigInt(message.offset) >= target - 1n) {
          remaining.delete(`${topic}:${partition}`);
          check();
        }
      },
    });
    await allCaughtUp;
    const summary = { facilities: this.store.size, events: this.eventsApplied, millis: Date.now() - started };
    this.logger.log(`facility state rebuilt: ${summary.facilities} facilities from ${summary.events} events in ${summary.millis} ms`);
    return summary;
  }

  /** The end offset of every non-empty partition at this moment: the point "caught up" means. */
  private async endOffsets(): Promise<Map<string, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const remaining = new Map<string, bigint>();
      for (const topic of STATE_TOPICS) {
        for (const partition of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(partition.high) > BigInt(partition.low)) {
            remaining.set(`${topic}:${partition.partition}`, BigInt(partition.high));
          }
        }
      }
      return remaining;
    } finally {
      await admin.disconnect();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
