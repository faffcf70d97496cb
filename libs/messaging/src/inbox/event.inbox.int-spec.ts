import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Topic, type EventEnvelope, type FacilityCapacityValue } from '#contracts';
import { entityManagerOf, serviceDatabaseModule, UnitOfWork } from '#persistence';
import { freshSchema, KAFKA_ADMIN, tailTopic, TIMEOUT_MS, type TopicTail } from '../../../../test/support/integration.js';
import { TopicProvisioner } from '../kafka/topic.provisioner.js';
import { createMessagingTables, dropMessagingTables } from '../messaging-tables.migration.js';
import { OutboxCorrelation1764600000000 } from '../outbox/outbox-correlation.migration.js';
import { MessagingModule } from '../messaging.module.js';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity.js';
import type { RawMessage } from './dead-letter.publisher.js';
import { EventInbox, MAX_HANDLER_ATTEMPTS, type InboxHandler } from './event.inbox.js';
import { ProcessedEventEntity } from './processed-event.entity.js';

// Runs against the database and broker `npm test` provides; the running services share both, so
// this spec keeps to a schema of its own and matches dead letters on keys only it uses.
const SCHEMA = freshSchema('it_inbox');
const SERVICE_NAME = 'it-inbox';

/** The messaging tables, plus a table the test handlers write to, to see what a transaction kept. */
class CreateInboxTestTables1700000000000 implements MigrationInterface {
  name = 'CreateInboxTestTables1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await queryRunner.query('CREATE TABLE handler_effects (event_id uuid NOT NULL, facility_id text NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE handler_effects');
    await dropMessagingTables(queryRunner);
  }
}

function capacityEnvelope(overrides: Partial<EventEnvelope<FacilityCapacityValue>> = {}): EventEnvelope<FacilityCapacityValue> {
  const facilityId = overrides.key ?? randomUUID();
  return {
    eventId: randomUUID(),
    type: Topic.FacilityCapacity,
    occurredAt: new Date().toISOString(),
    producer: 'facility-registry',
    key: facilityId,
    sequence: 1,
    payload: {
      facilityId,
      beds: [
        {
          levelOfCare: 'residential-short-term',
          bedType: 'male',
          staffed: 12,
          available: 3,
          opening24h: 1,
          opening72h: 2,
          waitlist: false,
          typicalWaitDays: null,
          confirmedAt: new Date().toISOString(),
        },
      ],
      previousBeds: [],
    },
    ...overrides,
  };
}

let nextOffset = 0;

/** A message as a consumer would hand it over; the partition and offset only label dead letters. */
function rawMessage(key: string | null, value: Buffer | string | null): RawMessage {
  nextOffset += 1;
  return {
    topic: Topic.FacilityCapacity,
    partition: 0,
    offset: String(nextOffset),
    key: key === null ? null : Buffer.from(key),
    value: typeof value === 'string' ? Buffer.from(value) : value,
  };
}

function encoded(envelope: EventEnvelope<object>): RawMessage {
  return rawMessage(envelope.key, JSON.stringify(envelope));
}

describe('idempotent event inbox (PostgreSQL + Kafka dead letters)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let inbox: EventInbox;
  let unitOfWork: UnitOfWork;
  let deadLetters: TopicTail | undefined;

  /** A handler that records its calls and writes through its own unit of work, which joins the inbox's transaction. */
  function recordingHandler(fail?: Error): InboxHandler<Topic.FacilityCapacity> & { calls: EventEnvelope<FacilityCapacityValue>[] } {
    const calls: EventEnvelope<FacilityCapacityValue>[] = [];
    const handler = async (envelope: EventEnvelope<FacilityCapacityValue>) => {
      calls.push(envelope);
      await unitOfWork.run(async (tx) => {
        await entityManagerOf(tx).query('INSERT INTO handler_effects (event_id, facility_id) VALUES ($1, $2)', [
          envelope.eventId,
          envelope.payload.facilityId,
        ]);
        if (fail) throw fail;
      });
    };
    return Object.assign(handler, { calls });
  }

  async function processed(eventId: string): Promise<{ topic: string }[]> {
    return dataSource.query('SELECT topic FROM processed_events WHERE event_id = $1', [eventId]);
  }

  async function effects(eventId: string): Promise<number> {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM handler_effects WHERE event_id = $1', [eventId]);
    return n;
  }

  beforeAll(async () => {
    // Compiled but never initialised: the outbox relay's loop has nothing to do here.
    moduleRef = await Test.createTestingModule({
      imports: [
        serviceDatabaseModule({
          databaseUrl: SCHEMA.databaseUrl,
          schema: SCHEMA.name,
          entities: [OutboxMessageEntity, ProcessedEventEntity],
          migrations: [CreateInboxTestTables1700000000000, OutboxCorrelation1764600000000],
          poolSize: 4,
        }),
        MessagingModule.forRootWithOutbox({ serviceName: SERVICE_NAME, kafka: KAFKA_ADMIN, outboxPollMs: 60_000 }),
      ],
    }).compile();
    dataSource = moduleRef.get(DataSource);
    inbox = moduleRef.get(EventInbox);
    unitOfWork = moduleRef.get(UnitOfWork);
    await moduleRef.get(TopicProvisioner).ensureTopics([Topic.FacilityCapacity, Topic.DeadLetter]);
    deadLetters = await tailTopic(Topic.DeadLetter);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await deadLetters?.stop();
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'applies a valid event once and records its id in the same transaction',
    async () => {
      const envelope = capacityEnvelope();
      const handler = recordingHandler();

      await expect(inbox.receive(Topic.FacilityCapacity, encoded(envelope), handler)).resolves.toBe('applied');

      expect(handler.calls).toHaveLength(1);
      expect(handler.calls[0]).toMatchObject({ eventId: envelope.eventId, key: envelope.key, sequence: 1 });
      expect(handler.calls[0]!.payload).toEqual(envelope.payload);
      expect(await processed(envelope.eventId)).toEqual([{ topic: Topic.FacilityCapacity }]);
      expect(await effects(envelope.eventId)).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'ignores a redelivered event without calling the handler',
    async () => {
      const envelope = capacityEnvelope();
      const first = recordingHandler();
      await expect(inbox.receive(Topic.FacilityCapacity, encoded(envelope), first)).resolves.toBe('applied');

      const again = recordingHandler();
      await expect(inbox.receive(Topic.FacilityCapacity, encoded(envelope), again)).resolves.toBe('duplicate');
      await expect(inbox.receive(Topic.FacilityCapacity, encoded(envelope), again)).resolves.toBe('duplicate');

      expect(again.calls).toHaveLength(0);
      expect(first.calls).toHaveLength(1);
      expect(await processed(envelope.eventId)).toHaveLength(1);
      expect(await effects(envelope.eventId)).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'recognises a duplicate by its event id, not by its bytes',
    async () => {
      const envelope = capacityEnvelope();
      await expect(inbox.receive(Topic.FacilityCapacity, encoded(envelope), recordingHandler())).resolves.toBe('applied');
      const replay = recordingHandler();
      const beds = [{ ...envelope.payload.beds[0]!, available: 0 }];
      const altered = { ...envelope, occurredAt: new Date(Date.now() + 1_000).toISOString(), payload: { ...envelope.payload, beds } };
      await expect(inbox.receive(Topic.FacilityCapacity, encoded(altered), replay)).resolves.toBe('duplicate');
      expect(replay.calls).toHaveLength(0);
      expect(await effects(envelope.eventId)).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'rolls back a handler that fails, so a later redelivery applies the event',
    async () => {
      const envelope = capacityEnvelope();
      const failure = new Error('projection unavailable');
      const failing = recordingHandler(failure);

      await expect(inbox.receive(Topic.FacilityCapacity, encoded(envelope), failing)).rejects.toBe(failure);

      expect(failing.calls).toHaveLength(1);
      expect(await processed(envelope.eventId)).toEqual([]);
      expect(await effects(envelope.eventId)).toBe(0);

      const retry = recordingHandler();
      await expect(inbox.receive(Topic.FacilityCapacity, encoded(envelope), retry)).resolves.toBe('applied');
      expect(retry.calls).toHaveLength(1);
      expect(await processed(envelope.eventId)).toHaveLength(1);
      expect(await effects(envelope.eventId)).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'parks a message whose handler keeps failing, after MAX_HANDLER_ATTEMPTS tries, with the error',
    async () => {
      const envelope = capacityEnvelope();
      const raw = encoded(envelope);
      const failing = recordingHandler(new Error('projection unavailable'));
      for (let attempt = 1; attempt < MAX_HANDLER_ATTEMPTS; attempt += 1) {
        await expect(inbox.receive(Topic.FacilityCapacity, raw, failing)).rejects.toThrow('projection unavailable');
      }
      await expect(inbox.receive(Topic.FacilityCapacity, raw, failing)).resolves.toBe('dead-lettered');
      expect(failing.calls).toHaveLength(MAX_HANDLER_ATTEMPTS);
      expect(await effects(envelope.eventId)).toBe(0);
      const parked = await deadLetters!.waitFor((received) => received.key === envelope.key);
      expect(parked.headers['dlq-reason']).toBe(`handler failed ${MAX_HANDLER_ATTEMPTS} times: projection unavailable`);
      expect(parked.bytes).toEqual(raw.value);
    },
    TIMEOUT_MS,
  );

  describe('dead-letters a message no consumer can use, byte for byte, with the reason', () => {
    const cases: { name: string; message: () => { raw: RawMessage; eventId?: string }; reason: RegExp }[] = [
      {
        name: 'a value that is not JSON',
        message: () => ({ raw: rawMessage(randomUUID(), '{"eventId": "truncated') }),
        reason: /^value is not JSON: /,
      },
      {
        name: 'a message key that differs from the envelope key',
        message: () => {
          const envelope = capacityEnvelope();
          return { raw: rawMessage(randomUUID(), JSON.stringify(envelope)), eventId: envelope.eventId };
        },
        reason: /^message key [0-9a-f-]{36} differs from envelope key [0-9a-f-]{36}$/,
      },
      {
        name: 'a payload that breaks the contract',
        message: () => {
          const envelope = capacityEnvelope();
          const beds = [{ ...envelope.payload.beds[0]!, available: -2 }];
          const invalid = { ...envelope, payload: { ...envelope.payload, beds } };
          return { raw: encoded(invalid), eventId: envelope.eventId };
        },
        reason: /^invalid payload: beds\.0\.available: /,
      },
    ];

    it.each(cases)(
      '$name',
      async ({ message, reason }) => {
        const { raw, eventId } = message();
        const handler = recordingHandler();

        await expect(inbox.receive(Topic.FacilityCapacity, raw, handler)).resolves.toBe('dead-lettered');

        expect(handler.calls).toHaveLength(0);
        if (eventId) expect(await processed(eventId)).toEqual([]);
        const key = raw.key!.toString();
        const parked = await deadLetters!.waitFor((received) => received.key === key);
        expect(parked.bytes).toEqual(raw.value);
        expect(parked.headers['dlq-reason']).toMatch(reason);
        expect(parked.headers).toMatchObject({
          'dlq-original-topic': Topic.FacilityCapacity,
          'dlq-original-partition': String(raw.partition),
          'dlq-original-offset': raw.offset,
          'dlq-consumer': SERVICE_NAME,
        });
      },
      TIMEOUT_MS,
    );
  });
});
