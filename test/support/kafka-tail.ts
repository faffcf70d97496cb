import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { kafkaSecurity } from '#messaging';
import { KAFKA_ADMIN } from './environment.js';

/** A message as a tail received it: the key and value as text, the value's bytes, the headers as text. */
export interface ReceivedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** The value as UTF-8 text, for JSON and string checks. */
  readonly value: string | null;
  /** The value exactly as it was on the topic, for byte-for-byte checks. */
  readonly bytes: Buffer | null;
  readonly headers: Record<string, string>;
}

export interface TopicTail {
  /** Everything received so far, in arrival order. */
  readonly received: readonly ReceivedMessage[];
  /** The first message that matches, once it has arrived; rejects after `timeoutMs`. */
  waitFor(predicate: (message: ReceivedMessage) => boolean, timeoutMs?: number): Promise<ReceivedMessage>;
  /** Every matching message once at least `count` have arrived, in arrival order; rejects after `timeoutMs`. */
  waitForCount(predicate: (message: ReceivedMessage) => boolean, count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Leaves the topic and deletes the tail's consumer group. */
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const JOIN_TIMEOUT_MS = 30_000;

/**
 * Reads a topic from the end each partition had when called, so a spec sees only what happens after
 * it started listening, and not the thousands of facility events already on the topic. The offsets
 * are captured first and a fresh consumer group seeks to them: nothing sent afterwards is missed,
 * however long joining the group takes. Resolves once the group has joined.
 */
export async function tailTopic(topic: string): Promise<TopicTail> {
  const kafka = new Kafka({ clientId: `tail-${randomUUID()}`, ...kafkaSecurity(KAFKA_ADMIN), logLevel: logLevel.ERROR });
  const groupId = `tail-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());

  const received: ReceivedMessage[] = [];
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let joined: () => void = () => undefined;
  const hasJoined = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      received.push({
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        bytes: message.value,
        headers,
      });
    },
  });
  for (const { partition, offset } of ends) consumer.seek({ topic, partition, offset });
  try {
    await withTimeout(hasJoined, JOIN_TIMEOUT_MS, `the tail of ${topic} did not join its consumer group within ${JOIN_TIMEOUT_MS} ms`);
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }

  async function waitForCount(predicate: (message: ReceivedMessage) => boolean, count: number, timeoutMs = DEFAULT_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matches = received.filter(predicate);
      if (matches.length >= count) return matches;
      if (Date.now() > deadline) {
        throw new Error(
          `saw ${matches.length} of ${count} expected messages on ${topic} within ${timeoutMs} ms (saw ${received.length} in all)`,
        );
      }
      await sleep(100);
    }
  }

  return {
    received,
    async waitFor(predicate, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message on ${topic} within ${timeoutMs} ms (saw ${received.length})`);
        await sleep(100);
      }
    },
    waitForCount,
    async stop() {
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteGroups([groupId]).catch(() => undefined);
      await cleanup.disconnect();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
