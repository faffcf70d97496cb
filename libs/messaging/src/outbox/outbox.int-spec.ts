import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Topic, type EventEnvelope, type FacilityCapacityValue } from '#contracts';
import { entityManagerOf, serviceDatabaseModule, Transaction, UnitOfWork } from '#persistence';
import {
  freshSchema,
  KAFKA_ADMIN,
  type ReceivedMessage,
  tailTopic,
  TIMEOUT_MS,
  type TopicTail,
} from '../../../../test/support/integration.js';
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
const SCHEMA = freshSchema('it_outbox');
const SERVICE_NAME = 'it-outbox';

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

function capacityEvent(key: string, sequence: number, available = 3): OutboxEvent<Topic.FacilityCapacity> {
  return {
    topic: Topic.FacilityCapacity,
    key,
    sequence,
    payload: {
      facilityId: key,
      beds: [
        {
          levelOfCare: 'outpatient',
          bedType: 'general',
          staffed: 10,
          available,
          opening24h: 0,
          opening72h: 0,
          waitlist: false,
          typicalWaitDays: null,
          confirmedAt: new Date().toISOString(),
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
  let unitOfWork: UnitOfWork;
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
          databaseUrl: SCHEMA.databaseUrl,
          schema: SCHEMA.name,
          entities: [OutboxMessageEntity, ProcessedEventEntity],
          migrations: [CreateMessagingTables1700000000000, OutboxCorrelation1764600000000],
          poolSize: 4,
        }),
        MessagingModule.forRootWithOutbox({ serviceName: SERVICE_NAME, kafka: KAFKA_ADMIN, outboxPollMs: 60_000 }),
      ],
    }).compile();
    dataSource = moduleRef.get(DataSource);
    writer = moduleRef.get(OutboxWriter);
    relay = moduleRef.get(OutboxRelay);
    unitOfWork = moduleRef.get(UnitOfWork);
    await moduleRef.get(TopicProvisioner).ensureTopics([Topic.FacilityCapacity]);
    tail = await tailTopic(Topic.FacilityCapacity);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await tail?.stop();
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'leaves no outbox row when the transaction that appended the event rolls back',
    async () => {
      const key = randomUUID();
      let visibleInside = -1;
      await expect(
        unitOfWork.run(async (tx) => {
          await writer.append(tx, [capacityEvent(key, 1)]);
          const [{ n }] = await entityManagerOf(tx).query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [key]);
          visibleInside = n;
          throw new Rollback('state change failed');
        }),
      ).rejects.toBeInstanceOf(Rollback);

      expect(visibleInside).toBe(1);
      expect(await outboxRows(key)).toEqual([]);
      expect(await relay.backlog()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'publishes a committed event to Kafka with its key, envelope and event-id header, then marks it published',
    async () => {
      const key = randomUUID();
      await unitOfWork.run((tx) => writer.append(tx, [capacityEvent(key, 1, 7)]));
      const [row] = await outboxRows(key);
      expect(row).toMatchObject({ topic: Topic.FacilityCapacity, published_at: null });
      expect(row!.envelope).toMatchObject({ type: Topic.FacilityCapacity, producer: SERVICE_NAME, key, sequence: 1 });
      expect(await relay.backlog()).toBe(1);

      await expect(relay.publishBatch()).resolves.toBe(1);

      const message = await tail!.waitFor((received) => received.key === key);
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
    },
    TIMEOUT_MS,
  );

  it(
    'wakes the relay once the appending unit of work commits, and not when it rolls back',
    async () => {
      const notify = jest.spyOn(relay, 'notify');
      try {
        await unitOfWork.run(async (tx) => {
          await writer.append(tx, [capacityEvent(randomUUID(), 1)]);
          // Not before the commit: the relay would find nothing to publish yet.
          expect(notify).not.toHaveBeenCalled();
        });
        expect(notify).toHaveBeenCalledTimes(1);

        await expect(
          unitOfWork.run(async (tx) => {
            await writer.append(tx, [capacityEvent(randomUUID(), 1)]);
            throw new Rollback('state change failed');
          }),
        ).rejects.toBeInstanceOf(Rollback);
        expect(notify).toHaveBeenCalledTimes(1);
      } finally {
        notify.mockRestore();
      }
      await expect(relay.publishBatch()).resolves.toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses to append outside a transaction',
    async () => {
      const key = randomUUID();
      await expect(writer.append(new Transaction(dataSource.manager), [capacityEvent(key, 1)])).rejects.toThrow(
        'OutboxWriter.append must run inside the transaction of the state change',
      );
      expect(await outboxRows(key)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses an invalid payload and writes none of the batch',
    async () => {
      const key = randomUUID();
      const invalid = capacityEvent(key, 2);
      const payload = { ...invalid.payload, beds: [{ ...invalid.payload.beds[0]!, available: -1, levelOfCare: 'spa-retreat' }] };
      let refusal: unknown;
      await unitOfWork.run(async (tx) => {
        refusal = await writer
          .append(tx, [capacityEvent(key, 1), { ...invalid, payload: payload as unknown as FacilityCapacityValue }])
          .catch((error: unknown) => error);
        // Even with the error caught and the transaction committed, the valid event before it is not written.
        const [{ n }] = await entityManagerOf(tx).query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [key]);
        expect(n).toBe(0);
      });

      expect(refusal).toBeInstanceOf(Error);
      expect((refusal as Error).message).toMatch(/^refusing to publish an invalid facility\.capacity\.v2 payload: /);
      expect((refusal as Error).message).toContain('beds.0.available');
      expect((refusal as Error).message).toContain('beds.0.levelOfCare');
      expect(await outboxRows(key)).toEqual([]);
      expect(await relay.backlog()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'keeps the order of events per key from outbox to topic',
    async () => {
      const first = randomUUID();
      const second = randomUUID();
      // One transaction per change, as in a service; the two keys' events interleave in the outbox.
      for (let sequence = 1; sequence <= 5; sequence += 1) {
        await unitOfWork.run((tx) => writer.append(tx, [capacityEvent(first, sequence, sequence)]));
        if (sequence <= 3) {
          await unitOfWork.run((tx) => writer.append(tx, [capacityEvent(second, sequence, sequence)]));
        }
      }
      expect(await relay.backlog()).toBe(8);

      await expect(relay.publishBatch()).resolves.toBe(8);

      const firstMessages = await tail!.waitForCount((message) => message.key === first, 5);
      const secondMessages = await tail!.waitForCount((message) => message.key === second, 3);
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
    },
    TIMEOUT_MS,
  );
});
