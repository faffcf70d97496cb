import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ensureSchema, serviceDataSourceOptions } from '#persistence';
import { freshSchema, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { REFERRAL_ENTITIES, REFERRAL_MIGRATIONS } from '../../database/referral.schema.js';
import { TooManyStreamsError } from '../domain/stream-slots.js';
import { DEFAULT_STREAM_SLOT_LEASE, SharedStreamSlots } from './shared-stream-slots.js';
import { TypeOrmStreamSlotRepository } from './stream-slot.repository.js';

const SCHEMA = freshSchema('it_stream_slots');

/** One instance of the service, as far as stream places go: a connection pool of its own to the shared schema. */
async function connect(): Promise<DataSource> {
  const options = serviceDataSourceOptions({
    databaseUrl: SCHEMA.databaseUrl,
    schema: SCHEMA.name,
    entities: REFERRAL_ENTITIES,
    migrations: REFERRAL_MIGRATIONS,
    poolSize: 4,
  });
  return new DataSource(options).initialize();
}

describe('live-update stream places shared by instances (PostgreSQL)', () => {
  let first: DataSource;
  let second: DataSource;
  let a: SharedStreamSlots;
  let b: SharedStreamSlots;

  const account = () => randomUUID();
  /** Time going by without a sign of life from anyone: every place of the account ages by `seconds`. */
  const age = (who: string, seconds: number) =>
    first.query("UPDATE stream_slots SET renewed_at = renewed_at - $2 * interval '1 second' WHERE account = $1", [who, seconds]);

  beforeAll(async () => {
    await ensureSchema(SCHEMA.databaseUrl, SCHEMA.name);
    // One after the other, as instances starting in turn: the first migrates, the second finds it done.
    first = await connect();
    second = await connect();
    a = new SharedStreamSlots(new TypeOrmStreamSlotRepository(first), DEFAULT_STREAM_SLOT_LEASE);
    b = new SharedStreamSlots(new TypeOrmStreamSlotRepository(second), DEFAULT_STREAM_SLOT_LEASE);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'counts an account’s streams on both instances against one limit: with three allowed, two on one and one on the other leave none',
    async () => {
      const planner = account();
      await a.take(planner, 3);
      await a.take(planner, 3);
      await b.take(planner, 3);
      await expect(b.take(planner, 3)).rejects.toBeInstanceOf(TooManyStreamsError);
      await expect(a.take(planner, 3)).rejects.toBeInstanceOf(TooManyStreamsError);
      expect(await a.countOf(planner)).toBe(3);
      expect(await b.countOf(planner)).toBe(3);
      await expect(b.take(account(), 3)).resolves.toBeDefined();
    },
    TIMEOUT_MS,
  );

  it(
    'frees a place for every instance when a stream closes on one, once however often it is released',
    async () => {
      const planner = account();
      const onA = await a.take(planner, 2);
      await b.take(planner, 2);
      await onA.release();
      await onA.release();
      expect(await b.countOf(planner)).toBe(1);
      await expect(b.take(planner, 2)).resolves.toBeDefined();
      await expect(a.take(planner, 2)).rejects.toBeInstanceOf(TooManyStreamsError);
    },
    TIMEOUT_MS,
  );

  it(
    'never opens more than allowed when many streams of one account open at once on both instances',
    async () => {
      const planner = account();
      const outcomes = await Promise.allSettled(Array.from({ length: 24 }, (_, n) => (n % 2 === 0 ? a : b).take(planner, 5)));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
      const refusals = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refusals.every((refusal) => refusal.reason instanceof TooManyStreamsError)).toBe(true);
      expect(await a.countOf(planner)).toBe(5);
    },
    TIMEOUT_MS,
  );

  it(
    'frees the places of an instance that crashed once its lease runs out, and keeps those of one that renews them',
    async () => {
      const planner = account();
      const crashed = new SharedStreamSlots(new TypeOrmStreamSlotRepository(first), DEFAULT_STREAM_SLOT_LEASE);
      await crashed.take(planner, 2);
      await b.take(planner, 2);
      await age(planner, 20);
      // Only b gives signs of life; the crashed instance's place ages past the lease.
      await b.keepAlive();
      await age(planner, 20);
      expect(await a.countOf(planner)).toBe(1);
      await expect(a.take(planner, 2)).resolves.toBeDefined();
      await expect(a.take(planner, 2)).rejects.toBeInstanceOf(TooManyStreamsError);
    },
    TIMEOUT_MS,
  );

  it(
    'gives back every place an instance holds when it stops, leaving the other instance’s',
    async () => {
      const planner = account();
      const stopping = new SharedStreamSlots(new TypeOrmStreamSlotRepository(first), DEFAULT_STREAM_SLOT_LEASE);
      const open = await stopping.take(planner, 3);
      await stopping.take(planner, 3);
      await b.take(planner, 3);
      await stopping.beforeApplicationShutdown();
      await open.release();
      expect(await b.countOf(planner)).toBe(1);
    },
    TIMEOUT_MS,
  );
});
