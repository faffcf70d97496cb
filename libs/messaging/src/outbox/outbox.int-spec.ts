import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Topic, type EventEnvelope, type FacilityCapacityValue } from '#contracts';
import { dropSchema, serviceDatabaseModule } from '#persistence';
import { ProcessedEventEntity } from '../inbox/processed-event.entity.js';
import { TopicProvisioner } from '../kafka/topic.provisioner.js';
import { createMessagingTables, dropMessagingTables } from '../messaging-tables.migration.js';
import { OutboxCorrelation1764600000000 } from './outbox-correlation.migration.js';
import { MessagingModule } from '../messaging.module.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxWriter, type OutboxEvent } from './outbox.writer.js';

// Runs against the database and broker `npm test` provides; the running services share both, so
// this spec keeps to a schema of its own and publishes only under fresh facility ids, which no
// profile exists for (the matcher ignores their capacity).
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sud_referral_test';
const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const SCHEMA = `it_outbox_${randomBytes(4).toString('hex')}`;
const SERVICE_NAME = 'it-outbox';
// Per hook and test: jest reads testTimeout from the root config only, not from a project's.
const TIMEOUT_MS = 60_000;

class CreateMessagingTables1700000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1700000000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return createMessagingTables(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropMessagingTables(queryRunner);
  }
}

class Rollback extends Error {}

interface OutboxRow {
  id: string;
  topic: string;
  envelope: EventEnvelope<FacilityCapacityValue>;
  published_at: Date | null;
}

interface ReceivedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

interface TopicTail {
  waitFor(predicate: (message: ReceivedMessage) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  stop(): Promise<void>;
}

/**
 * Reads a topic from the end it had when called: a fresh group seeks to the offsets captured first,
 * so nothing sent afterwards is missed, however long joining the group takes.
 */
async function tailTopic(kafka: Kafka, topic: string): Promise<TopicTail> {
  const groupId = `${SERVICE_NAME}-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const received: ReceivedMessage[] = [];
  const consumer: Consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      received.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers });
    },
  });
  for (const { partition, offset } of ends) consumer.seek({ topic, partition, offset });
  return {
    async waitFor(predicate, count = 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matches = received.filter(predicate);
        if (matches.length >= count) return matches;
        if (Date.now() > deadline) {
          throw new Error(`saw ${matches.length} of ${count} expected messages on ${topic} within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteGroups([groupId]).catch(() => undefined);
      await cleanup.disconnect();
    },
  };
}

function capacityEvent(key: string, sequence: number, available = 3): OutboxEvent<Topic.FacilityCapacity> {
  return {
    topic: Topic.FacilityCapacity,
    key,
    sequence,
    payload: {
      facilityId: key,
      beds: [
        {
          levelOfCare: 'outpatient', bedType: 'general', staffed: 10, available, opening24h: 0, opening72h: 0,
          waitlist: false, typicalWaitDays: null, confirmedAt: new Date().toISOString(),
        },
      ],
      previousBeds: [],
    },
  };
}

describe('transactional outbox (PostgreSQL + Kafka)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let writer: OutboxWriter;
  let relay: OutboxRelay;
  let kafka: Kafka;
  let tail: TopicTail | undefined;

  async function outboxRows(key: string): Promise<OutboxRow[]> {
    return dataSource.query('SELECT id, topic, envelope, published_at FROM outbox WHERE message_key = $1 ORDER BY id', [key]);
  }

  beforeAll(async () => {
    // The module is compiled but never initialised, so the relay's polling loop does not start:
    // each test publishes explicitly with publishBatch().
    moduleRef = await Test.createTestingModule({
      imports: [
        serviceDatabaseModule({
              databaseUrl: DATABASE_URL,
              schema: SCHEMA,
              entities: [OutboxMessageEntity, ProcessedEventEntity],
              migrations: [CreateMessagingTables1700000000000, OutboxCorrelation1764600000000],
              poolSize: 4,
        }),
        MessagingModule.forRootWithOutbox({ serviceName: SERVICE_NAME, brokers: KAFKA_BROKERS, outboxPollMs: 60_000 }),
      ],
    }).compile();
    dataSource = moduleRef.get(DataSource);
    writer = moduleRef.get(OutboxWriter);
    relay = moduleRef.get(OutboxRelay);
    await moduleRef.get(TopicProvisioner).ensureTopics([Topic.FacilityCapacity]);
    kafka = new Kafka({ clientId: `${SERVICE_NAME}-test`, brokers: KAFKA_BROKERS, logLevel: logLevel.ERROR });
    tail = await tailTopic(kafka, Topic.FacilityCapacity);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await tail?.stop();
    await moduleRef?.close();
    await dropSchema(DATABASE_URL, SCHEMA);
  }, TIMEOUT_MS);

  it('leaves no outbox row when the transaction that appended the event rolls back', async () => {
    const key = randomUUID();
    let visibleInside = -1;
    await expect(
      dataSource.transaction(async (manager) => {
        await writer.append(manager, [capacityEvent(key, 1)]);
        const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [key]);
        visibleInside = n;
        throw new Rollback('state change failed');
      }),
    ).rejects.toBeInstanceOf(Rollback);

    expect(visibleInside).toBe(1);
    expect(await outboxRows(key)).toEqual([]);
    expect(await relay.backlog()).toBe(0);
  }, TIMEOUT_MS);

  it('publishes a committed event to Kafka with its key, envelope and event-id header, then marks it published', async () => {
    const key = randomUUID();
    await dataSource.transaction((manager) => writer.append(manager, [capacityEvent(key, 1, 7)]));
    const [row] = await outboxRows(key);
    expect(row).toMatchObject({ topic: Topic.FacilityCapacity, published_at: null });
    expect(row!.envelope).toMatchObject({ type: Topic.FacilityCapacity, producer: SERVICE_NAME, key, sequence: 1 });
    expect(await relay.backlog()).toBe(1);

    await expect(relay.publishBatch()).resolves.toBe(1);

    const [message] = await tail!.waitFor((received) => received.key === key);
    const envelope = JSON.parse(message!.value!.toString()) as EventEnvelope<FacilityCapacityValue>;
    expect(envelope).toEqual(row!.envelope);
    expect(envelope.eventId).toBe(row!.envelope.eventId);
    expect(envelope.sequence).toBe(1);
    expect(envelope.payload.beds[0]!.available).toBe(7);
    expect(message!.headers['event-id']).toBe(row!.envelope.eventId);

    const [published] = await outboxRows(key);
    expect(published!.published_at).toBeInstanceOf(Date);
    expect(await relay.backlog()).toBe(0);
    // Nothing left to send: a second batch publishes nothing again.
    await expect(relay.publishBatch()).resolves.toBe(0);
  }, TIMEOUT_MS);

  it('refuses to append outside a transaction', async () => {
    const key = randomUUID();
    await expect(writer.append(dataSource.manager, [capacityEvent(key, 1)])).rejects.toThrow(
      'OutboxWriter.append must run inside the transaction of the state change',
    );
    expect(await outboxRows(key)).toEqual([]);
  }, TIMEOUT_MS);

  it('refuses an invalid payload and writes none of the batch', async () => {
    const key = randomUUID();
    const invalid = capacityEvent(key, 2);
    const payload = { ...invalid.payload, beds: [{ ...invalid.payload.beds[0]!, available: -1, levelOfCare: 'spa-retreat' }] };
    let refusal: unknown;
    await dataSource.transaction(async (manager) => {
      refusal = await writer
        .append(manager, [capacityEvent(key, 1), { ...invalid, payload: payload as unknown as FacilityCapacityValue }])
        .catch((error: unknown) => error);
      // Even with the error caught and the transaction committed, the valid event before it is not written.
      const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [key]);
      expect(n).toBe(0);
    });

    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toMatch(/^refusing to publish an invalid facility\.capacity\.v2 payload: /);
    expect((refusal as Error).message).toContain('beds.0.available');
    expect((refusal as Error).message).toContain('beds.0.levelOfCare');
    expect(await outboxRows(key)).toEqual([]);
    expect(await relay.backlog()).toBe(0);
  }, TIMEOUT_MS);

  it('keeps the order of events per key from outbox to topic', async () => {
    const first = randomUUID();
    const second = randomUUID();
    // One transaction per change, as in a service; the two keys' events interleave in the outbox.
    for (let sequence = 1; sequence <= 5; sequence += 1) {
      await dataSource.transaction((manager) => writer.append(manager, [capacityEvent(first, sequence, sequence)]));
      if (sequence <= 3) {
        await dataSource.transaction((manager) => writer.append(manager, [capacityEvent(second, sequence, sequence)]));
      }
    }
    expect(await relay.backlog()).toBe(8);

    await expect(relay.publishBatch()).resolves.toBe(8);

    const firstMessages = await tail!.waitFor((message) => message.key === first, 5);
    const secondMessages = await tail!.waitFor((message) => message.key === second, 3);
    const sequences = (messages: ReceivedMessage[]) =>
      messages.map((message) => (JSON.parse(message.value!.toString()) as EventEnvelope).sequence);
    expect(sequences(firstMessages)).toEqual([1, 2, 3, 4, 5]);
    expect(sequences(secondMessages)).toEqual([1, 2, 3]);
    // One key, one partition, increasing offsets.
    expect(new Set(firstMessages.map((message) => message.partition)).size).toBe(1);
    const offsets = firstMessages.map((message) => BigInt(message.offset));
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(firstMessages.map((message) => message.headers['event-id'])).toEqual(
      (await outboxRows(first)).map((row) => row.envelope.eventId),
    );
    expect(await relay.backlog()).toBe(0);
  }, TIMEOUT_MS);
});
