import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { ensureSchema, serviceDataSourceOptions } from '#persistence';
import { freshSchema, TIMEOUT_MS } from '../../../test/support/integration.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';

const SCHEMA = freshSchema('it_write_limit');
const MINUTE = 60_000;

/** The table as the services' WriteLimitHits migrations create it. */
class CreateWriteLimitHits1700000000000 implements MigrationInterface {
  name = 'CreateWriteLimitHits1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE write_limit_hits (
        key text NOT NULL,
        throttler text NOT NULL,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (key, throttler)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE write_limit_hits');
  }
}

/** One instance of a service: a connection pool of its own to the shared schema. */
async function instance(): Promise<DataSource> {
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      databaseUrl: SCHEMA.databaseUrl,
      schema: SCHEMA.name,
      entities: [],
      migrations: [CreateWriteLimitHits1700000000000],
      poolSize: 4,
    }),
  );
  return dataSource.initialize();
}

describe('write limit counts in PostgreSQL, shared by instances', () => {
  let first: DataSource;
  let second: DataSource;
  let a: PostgresThrottlerStorage;
  let b: PostgresThrottlerStorage;

  /** Moves the key's window (or block) into the past, as a minute going by would. */
  const endWindow = (key: string) =>
    first.query("UPDATE write_limit_hits SET window_ends_at = now() - interval '1 second' WHERE key = $1", [key]);
  const endBlock = (key: string) =>
    first.query("UPDATE write_limit_hits SET blocked_until = now() - interval '1 second' WHERE key = $1", [key]);

  beforeAll(async () => {
    await ensureSchema(SCHEMA.databaseUrl, SCHEMA.name);
    // One after the other: the first migrates, the second finds the schema up to date, as instances starting in turn.
    first = await instance();
    second = await instance();
    a = new PostgresThrottlerStorage(first);
    b = new PostgresThrottlerStorage(second);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'counts an account’s writes through both instances against one limit: two on each, and the fourth of three is refused',
    async () => {
      const key = `account:${randomUUID()}`;
      const hits = [
        await a.increment(key, MINUTE, 3, MINUTE, 'default'),
        await a.increment(key, MINUTE, 3, MINUTE, 'default'),
        await b.increment(key, MINUTE, 3, MINUTE, 'default'),
      ];
      expect(hits.map((hit) => [hit.totalHits, hit.isBlocked])).toEqual([
        [1, false],
        [2, false],
        [3, false],
      ]);
      const refused = await b.increment(key, MINUTE, 3, MINUTE, 'default');
      expect(refused).toMatchObject({ totalHits: 4, isBlocked: true });
      expect(refused.timeToBlockExpire).toBeGreaterThan(0);
      expect(refused.timeToBlockExpire).toBeLessThanOrEqual(60);
      // Blocked on the other instance too, and the refused hits do not count further.
      expect(await a.increment(key, MINUTE, 3, MINUTE, 'default')).toMatchObject({ totalHits: 4, isBlocked: true });
      // Another account, or another route of the same one, keeps its own count.
      expect(await a.increment(`account:${randomUUID()}`, MINUTE, 3, MINUTE, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
      expect(await a.increment(key, MINUTE, 3, MINUTE, 'other')).toMatchObject({ totalHits: 1, isBlocked: false });
    },
    TIMEOUT_MS,
  );

  it(
    'loses no hit when many arrive at once through both instances',
    async () => {
      const key = `account:${randomUUID()}`;
      const hits = await Promise.all(
        Array.from({ length: 60 }, (_, n) => (n % 2 === 0 ? a : b).increment(key, MINUTE, 1_000, MINUTE, 'default')),
      );
      expect(hits.map((hit) => hit.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, n) => n + 1));
      expect((await a.increment(key, MINUTE, 1_000, MINUTE, 'default')).totalHits).toBe(61);
    },
    TIMEOUT_MS,
  );

  it(
    'lets exactly the limit through when a burst arrives at once through both instances',
    async () => {
      const key = `account:${randomUUID()}`;
      const hits = await Promise.all(
        Array.from({ length: 30 }, (_, n) => (n % 2 === 0 ? a : b).increment(key, MINUTE, 10, MINUTE, 'default')),
      );
      expect(hits.filter((hit) => !hit.isBlocked)).toHaveLength(10);
      expect(hits.filter((hit) => hit.isBlocked)).toHaveLength(20);
    },
    TIMEOUT_MS,
  );

  it(
    'starts counting again once the window is over',
    async () => {
      const key = `account:${randomUUID()}`;
      await a.increment(key, MINUTE, 2, MINUTE, 'default');
      await b.increment(key, MINUTE, 2, MINUTE, 'default');
      await endWindow(key);
      const next = await b.increment(key, MINUTE, 2, MINUTE, 'default');
      expect(next).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
      expect(next.timeToExpire).toBe(60);
    },
    TIMEOUT_MS,
  );

  it(
    'keeps a blocked account blocked until the block is over, even into a new window, then lets it write again',
    async () => {
      const key = `account:${randomUUID()}`;
      await a.increment(key, MINUTE, 1, 5 * MINUTE, 'default');
      const refused = await b.increment(key, MINUTE, 1, 5 * MINUTE, 'default');
      expect(refused).toMatchObject({ isBlocked: true });
      expect(refused.timeToBlockExpire).toBeGreaterThan(60);
      await endWindow(key);
      expect(await a.increment(key, MINUTE, 1, 5 * MINUTE, 'default')).toMatchObject({ isBlocked: true });
      await endBlock(key);
      expect(await a.increment(key, MINUTE, 1, 5 * MINUTE, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    },
    TIMEOUT_MS,
  );

  it(
    'forgets the counts whose window and block are over, and only those',
    async () => {
      const over = `account:${randomUUID()}`;
      const blocked = `account:${randomUUID()}`;
      const live = `account:${randomUUID()}`;
      await a.increment(over, MINUTE, 5, MINUTE, 'default');
      await a.increment(blocked, MINUTE, 0, 5 * MINUTE, 'default');
      await a.increment(live, MINUTE, 5, MINUTE, 'default');
      await endWindow(over);
      await endWindow(blocked);
      expect(await b.forgetExpired()).toBeGreaterThanOrEqual(1);
      const left = await first.query<{ key: string }[]>('SELECT key FROM write_limit_hits WHERE key = ANY($1)', [[over, blocked, live]]);
      expect(left.map((row) => row.key).sort()).toEqual([blocked, live].sort());
      expect((await b.increment(live, MINUTE, 5, MINUTE, 'default')).totalHits).toBe(2);
    },
    TIMEOUT_MS,
  );
});
