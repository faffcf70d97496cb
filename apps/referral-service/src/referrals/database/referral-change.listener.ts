import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { quoteIdentifier } from '#persistence';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralUpdates } from '../referral-updates.js';

/**
 * The channel a schema's referral changes are announced on: the trigger of migration
 * ReferralChangeNotifications1765500000000 computes the same name in SQL. Hashed, because a channel
 * name has at most 63 bytes and so may a schema's.
 */
export function referralChangeChannel(schema: string): string {
  return `referral_changes_${createHash('sha256').update(schema, 'utf8').digest('hex').slice(0, 32)}`;
}

/** Delay before the first attempt to reconnect; it doubles with each failed attempt, up to RECONNECT_MAX_MS. */
export const RECONNECT_FIRST_MS = 100;
export const RECONNECT_MAX_MS = 5_000;
/** How often the idle connection is proved alive, so one dropped without a word is noticed and replaced. */
export const HEARTBEAT_MS = 15_000;
/** How long shutting down waits for the connection to close politely. */
const SHUTDOWN_WAIT_MS = 2_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Hears every committed change to a referral, its matches, tasks, patient details or consents, from
 * this instance or any other (a trigger in the schema sends NOTIFY in the changing transaction, so
 * nothing is heard of a change rolled back), and signals it through ReferralUpdates. One dedicated
 * connection per instance, outside the pool: a LISTEN lasts as long as its session. When the
 * connection is lost it reconnects with backoff, then signals every open subscriber once, since
 * changes made meanwhile were not heard.
 */
@Injectable()
export class ReferralChangeListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReferralChangeListener.name);
  private readonly channel: string;
  private client: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** Attempts to reconnect since the connection was lost (or first refused); the backoff doubles with each. */
  private attempts = 0;
  /** When changes stopped being heard, while they are not. */
  private downSince: number | null = null;
  private stopped = false;

  constructor(
    private readonly updates: ReferralUpdates,
    private readonly config: ReferralConfig,
  ) {
    this.channel = referralChangeChannel(config.DATABASE_SCHEMA);
  }

  /** Whether changes are being heard now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Listens before the service takes requests; if PostgreSQL cannot be reached, keeps trying in the background. */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    if (client) await Promise.race([client.end().catch(() => undefined), delay(SHUTDOWN_WAIT_MS)]);
  }

  /** A client of its own, outside the pool (a spec gives a stand-in). */
  protected createClient(): pg.Client {
    return new pg.Client({
      connectionString: this.config.DATABASE_URL,
      application_name: `${this.config.DATABASE_SCHEMA}:referral-changes`,
      keepAlive: true,
      // A server that stopped answering must not hang start-up, nor the heartbeat, for good.
      connectionTimeoutMillis: HEARTBEAT_MS,
      query_timeout: HEARTBEAT_MS,
    });
  }

  private async connect(): Promise<void> {
    const client = this.createClient();
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload) this.updates.changed(message.payload);
    });
    // Always handled: an unhandled 'error' would end the process. Only the current client's loss counts.
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'the connection was closed'));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
    } catch (error) {
      void client.end().catch(() => undefined);
      this.scheduleReconnect(`could not listen for referral changes: ${(error as Error).message}`);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((error: Error) => this.lost(client, `heartbeat failed: ${error.message}`));
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    if (this.downSince !== null) {
      this.logger.log(
        `listening for referral changes again, ${Date.now() - this.downSince} ms after it stopped (${this.attempts} attempt(s)); ` +
          'every open stream and waiter re-reads its referral',
      );
    }
    this.attempts = 0;
    this.downSince = null;
    // Changes committed while nobody here listened (at start-up none is watched, so this signals nobody).
    this.updates.changedAll();
  }

  private lost(client: pg.Client, reason: string): void {
    if (client !== this.client) return;
    this.client = null;
    clearInterval(this.heartbeat);
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (!this.stopped) this.scheduleReconnect(`lost the PostgreSQL connection it listens for referral changes on (${reason})`);
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped) return;
    const wait = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.attempts);
    this.attempts += 1;
    this.downSince ??= Date.now();
    this.logger.warn(`${reason}; live updates wait until it is back. Reconnecting in ${wait} ms (attempt ${this.attempts})`);
    this.retry = setTimeout(() => void this.connect(), wait);
  }
}
