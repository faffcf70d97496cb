import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
// Types only: jest cannot load @nestjs/throttler (see index.ts), and this file is tested there.
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

/** What the throttler guard learns from one hit (the package does not export the type by name). */
export type ThrottlerHitRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const SWEEP_MS = 60_000;

interface HitRow {
  hits: number;
  seconds_to_expire: number;
  blocked: boolean;
  seconds_to_unblock: number;
}

/*
 * One statement per hit, so hits through any instance at the same moment are all counted: the row of
 * (key, throttler) is inserted, or updated under its row lock. A window of `ttl` ms opens at the first
 * hit; the hit beyond `limit` blocks the key for `blockDuration` ms (till the window ends without one),
 * and hits while blocked are refused without counting. After the window or the block, counting starts
 * again. Times come from the database's clock, the one clock all instances share.
 */
const INCREMENT_SQL = `
  INSERT INTO write_limit_hits AS h (key, throttler, hits, window_ends_at, blocked_until)
  VALUES (
    $1, $2, 1,
    now() + $3::double precision * interval '1 millisecond',
    CASE WHEN 1 > $4::double precision
      THEN coalesce(now() + $5::double precision * interval '1 millisecond', now() + $3::double precision * interval '1 millisecond')
    END
  )
  ON CONFLICT (key, throttler) DO UPDATE SET
    hits = CASE
      WHEN h.blocked_until > now() THEN h.hits
      WHEN h.window_ends_at <= now() OR h.blocked_until IS NOT NULL THEN 1
      ELSE h.hits + 1
    END,
    window_ends_at = CASE
      WHEN h.blocked_until > now() THEN h.window_ends_at
      WHEN h.window_ends_at <= now() OR h.blocked_until IS NOT NULL THEN excluded.window_ends_at
      ELSE h.window_ends_at
    END,
    blocked_until = CASE
      WHEN h.blocked_until > now() THEN h.blocked_until
      WHEN h.window_ends_at <= now() OR h.blocked_until IS NOT NULL THEN excluded.blocked_until
      WHEN h.hits + 1 > $4::double precision
        THEN coalesce(now() + $5::double precision * interval '1 millisecond', h.window_ends_at)
    END
  RETURNING
    hits,
    greatest(0, ceil(extract(epoch FROM window_ends_at - now())))::integer AS seconds_to_expire,
    coalesce(blocked_until > now(), false) AS blocked,
    greatest(0, coalesce(ceil(extract(epoch FROM blocked_until - now())), 0))::integer AS seconds_to_unblock`;

/**
 * @nestjs/throttler's hit counts in the service's own PostgreSQL schema (table `write_limit_hits`, which
 * each service using the write limit creates in its migrations), so that every instance of a service
 * counts against the same limit. Its in-memory default would give each instance a limit of its own.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PostgresThrottlerStorage.name);
  private sweep?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts one hit at `key`; ttl and blockDuration in ms, the times it answers in whole seconds (as the guard expects). */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerHitRecord> {
    const [row] = await this.dataSource.query<HitRow[]>(INCREMENT_SQL, [
      key,
      throttlerName,
      ttl,
      limit,
      blockDuration > 0 ? blockDuration : null,
    ]);
    if (!row) throw new Error(`Counting a hit at ${throttlerName} returned no row`);
    return {
      totalHits: row.hits,
      timeToExpire: row.seconds_to_expire,
      isBlocked: row.blocked,
      timeToBlockExpire: row.blocked ? Math.max(1, row.seconds_to_unblock) : 0,
    };
  }

  /** Deletes the counts whose window and block are both over; what is left is the last minute's writers. */
  async forgetExpired(): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown, number]>(
      'DELETE FROM write_limit_hits WHERE window_ends_at <= now() AND (blocked_until IS NULL OR blocked_until <= now())',
    );
    return deleted;
  }

  onModuleInit(): void {
    // Every instance sweeps; deleting what another already deleted costs nothing.
    this.sweep = setInterval(() => {
      this.forgetExpired().catch((error: unknown) => this.logger.warn(`could not forget expired write counts: ${String(error)}`));
    }, SWEEP_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }
}
