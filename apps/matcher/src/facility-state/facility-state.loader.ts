import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { decodeEvent, Topic } from '#contracts';
import { DeadLetterPublisher, KAFKA_CLIENT, withRetry } from '#messaging';
import { FacilityStateStore } from './facility-state.store.js';

/** The compacted facility topics the working set is built from, each keyed by facility id. */
export const STATE_TOPICS = [Topic.FacilityProfile, Topic.FacilityCapacity, Topic.FacilityAccreditation, Topic.FacilityInsurance] as const;
export type StateTopic = (typeof STATE_TOPICS)[number];

type MessageBytes = Buffer | string | null | undefined;

/**
 * Decodes one facility event and applies it to the store. Returns the reason when the message is
 * malformed (or came from a topic the store does not hold), so it can go to the dead-letter topic.
 */
export function applyStateEvent(store: FacilityStateStore, topic: string, key: MessageBytes, value: MessageBytes): string | null {
  switch (topic as StateTopic) {
    case Topic.FacilityProfile: {
      const decoded = decodeEvent(Topic.FacilityProfile, key, value);
      if (!decoded.ok) return decoded.reason;
      store.applyProfile(decoded.envelope);
      return null;
    }
    case Topic.FacilityCapacity: {
      const decoded = decodeEvent(Topic.FacilityCapacity, key, value);
      if (!decoded.ok) return decoded.reason;
      store.applyCapacity(decoded.envelope);
      return null;
    }
    case Topic.FacilityAccreditation: {
      const decoded = decodeEvent(Topic.FacilityAccreditation, key, value);
      if (!decoded.ok) return decoded.reason;
      store.applyAccreditation(decoded.envelope);
      return null;
    }
    case Topic.FacilityInsurance: {
      const decoded = decodeEvent(Topic.FacilityInsurance, key, value);
      if (!decoded.ok) return decoded.reason;
      store.applyInsurance(decoded.envelope);
      return null;
    }
    default:
      return `topic ${topic} is not a facility state topic`;
  }
}

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
        const problem = applyStateEvent(this.store, topic, message.key, message.value);
        if (problem !== null) {
          await this.deadLetters.publish({ topic, partition, ...message }, problem);
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
