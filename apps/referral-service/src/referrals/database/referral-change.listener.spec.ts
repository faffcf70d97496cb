import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type pg from 'pg';
import { loadConfig } from '#config';
import { UNIT_KAFKA_SETTINGS } from '../../../../../test/support/unit-config.js';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralUpdates } from '../referral-updates.js';
import { RECONNECT_FIRST_MS, RECONNECT_MAX_MS, ReferralChangeListener, referralChangeChannel } from './referral-change.listener.js';

const REFERRAL_ID = '6f1c2b1e-8d8e-4f5a-9a57-2f4f6f0e9c11';
const CHANNEL = referralChangeChannel('referral');

/** A stand-in for a PostgreSQL connection: it connects unless told to refuse, and can be cut off. */
class FakeClient extends EventEmitter {
  readonly queries: string[] = [];
  ended = false;

  constructor(private readonly refuse: boolean) {
    super();
  }

  async connect(): Promise<void> {
    if (this.refuse) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  }

  async query(text: string): Promise<void> {
    this.queries.push(text);
  }

  async end(): Promise<void> {
    this.ended = true;
  }

  notify(channel: string, payload: string): void {
    this.emit('notification', { processId: 1, channel, payload });
  }

  /** What pg emits when the server terminates the session (a restart, or pg_terminate_backend). */
  cutOff(): void {
    this.emit('error', new Error('terminating connection due to administrator command'));
    this.emit('end');
  }
}

class ListenerWithFakeClients extends ReferralChangeListener {
  readonly clients: FakeClient[] = [];
  /** How many of the next connections are refused. */
  refusals = 0;

  protected override createClient(): pg.Client {
    const client = new FakeClient(this.refusals > 0);
    if (this.refusals > 0) this.refusals -= 1;
    this.clients.push(client);
    return client as unknown as pg.Client;
  }

  get latest(): FakeClient {
    return this.clients.at(-1)!;
  }
}

describe('ReferralChangeListener', () => {
  let updates: ReferralUpdates;
  let listener: ListenerWithFakeClients;
  let warnings: string[];
  let notices: string[];

  beforeEach(() => {
    jest.useFakeTimers();
    warnings = [];
    notices = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void notices.push(String(message)));
    updates = new ReferralUpdates();
    listener = new ListenerWithFakeClients(updates, loadConfig(ReferralConfig, { ...UNIT_KAFKA_SETTINGS }));
  });

  afterEach(async () => {
    await listener.onModuleDestroy();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('names a channel of its own per schema, short enough for PostgreSQL (63 bytes) whatever the schema', () => {
    expect(referralChangeChannel('referral')).toMatch(/^referral_changes_[0-9a-f]{32}$/);
    expect(referralChangeChannel('referral')).toBe(CHANNEL);
    expect(referralChangeChannel('it_referral_0a1b2c3d')).not.toBe(CHANNEL);
    expect(Buffer.byteLength(referralChangeChannel('s'.repeat(63)))).toBeLessThanOrEqual(63);
  });

  it('listens on its channel and signals each referral announced there, and nothing from other channels', async () => {
    await listener.onModuleInit();
    expect(listener.latest.queries).toEqual([`LISTEN "${CHANNEL}"`]);
    const signalled = jest.fn();
    updates.subscribe(REFERRAL_ID, signalled);
    listener.latest.notify(CHANNEL, REFERRAL_ID);
    listener.latest.notify(referralChangeChannel('elsewhere'), REFERRAL_ID);
    expect(signalled).toHaveBeenCalledTimes(1);
  });

  it('reconnects with backoff after losing its connection, says so, then signals every subscriber once', async () => {
    await listener.onModuleInit();
    const signalled = jest.fn();
    updates.subscribe(REFERRAL_ID, signalled);
    listener.refusals = 2;
    listener.latest.cutOff();
    expect(listener.listening).toBe(false);
    expect(warnings[0]).toMatch(
      /lost the PostgreSQL connection it listens for referral changes on \(terminating connection due to administrator command\).*Reconnecting in 100 ms/,
    );

    await jest.advanceTimersByTimeAsync(RECONNECT_FIRST_MS); // refused
    await jest.advanceTimersByTimeAsync(2 * RECONNECT_FIRST_MS); // refused
    expect(warnings.slice(1)).toEqual([
      expect.stringMatching(/could not listen for referral changes: connect ECONNREFUSED.*Reconnecting in 200 ms \(attempt 2\)/),
      expect.stringMatching(/Reconnecting in 400 ms \(attempt 3\)/),
    ]);
    expect(signalled).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(4 * RECONNECT_FIRST_MS);
    expect(listener.listening).toBe(true);
    expect(notices).toEqual([expect.stringMatching(/listening for referral changes again.*3 attempt\(s\)/)]);
    expect(signalled).toHaveBeenCalledTimes(1);
    expect(listener.clients).toHaveLength(4);

    // The new connection is heard, the lost one no longer.
    listener.clients[0]!.notify(CHANNEL, REFERRAL_ID);
    listener.latest.notify(CHANNEL, REFERRAL_ID);
    expect(signalled).toHaveBeenCalledTimes(2);
  });

  it('waits at most RECONNECT_MAX_MS between attempts while PostgreSQL stays away', async () => {
    listener.refusals = 20;
    await listener.onModuleInit();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(warnings.at(-1)).toMatch(new RegExp(`Reconnecting in ${RECONNECT_MAX_MS} ms`));
    expect(listener.listening).toBe(false);
  });

  it('stops reconnecting and closes its connection when the service stops', async () => {
    await listener.onModuleInit();
    const client = listener.latest;
    await listener.onModuleDestroy();
    expect(client.ended).toBe(true);
    client.cutOff();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(listener.clients).toHaveLength(1);
  });
});
