import type { Subscription } from 'rxjs';
import type { ReferralEntity } from '../database/referral.entity.js';
import type { ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralUpdates } from '../referral-updates.js';
import { ReferralFeed, type FeedItem } from './referral-feed.js';
import { WATCHED_REFERRAL_ID, watchedReferral } from './watched-referral.test-factory.js';

const REFERRAL_ID = WATCHED_REFERRAL_ID;

/** A repository whose reads of the referral answer only when the spec says, so it can change the referral mid-read. */
class ControlledReads {
  readonly pending: { resolve: (referral: ReferralEntity | null) => void; reject: (error: Error) => void }[] = [];
  reads = 0;

  readonly repository = {
    findWithMatches: () => {
      this.reads += 1;
      return new Promise<ReferralEntity | null>((resolve, reject) => this.pending.push({ resolve, reject }));
    },
  } as unknown as ReferralRepository;

  /** Answers the oldest read in flight. */
  async answer(referral: ReferralEntity | null): Promise<void> {
    this.pending.shift()!.resolve(referral);
    await flush();
  }

  async fail(error: Error): Promise<void> {
    this.pending.shift()!.reject(error);
    await flush();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const version = (n: number) => watchedReferral([], { version: n });

describe('ReferralFeed', () => {
  let updates: ReferralUpdates;
  let reads: ControlledReads;
  let feed: ReferralFeed;
  let subscriptions: Subscription[];

  /** A watcher: what it received, and whether its stream errored. */
  function watch(): { seen: (number | null)[]; errors: Error[] } {
    const watcher = { seen: [] as (number | null)[], errors: [] as Error[] };
    subscriptions.push(
      feed.watch(REFERRAL_ID).subscribe({
        next: (item: FeedItem) => watcher.seen.push(item ? item.referral.version : null),
        error: (error: Error) => watcher.errors.push(error),
      }),
    );
    return watcher;
  }

  beforeEach(() => {
    updates = new ReferralUpdates();
    reads = new ControlledReads();
    feed = new ReferralFeed(updates, reads.repository, new ReferralReader(reads.repository));
    subscriptions = [];
  });

  afterEach(() => {
    for (const subscription of subscriptions) subscription.unsubscribe();
  });

  it('reads the referral once per change for all its watchers, and a late watcher gets the last read without one', async () => {
    const first = watch();
    const second = watch();
    await reads.answer(version(1));
    expect(reads.reads).toBe(1);

    updates.changed(REFERRAL_ID);
    await reads.answer(version(2));
    expect(reads.reads).toBe(2);
    expect(first.seen).toEqual([1, 2]);
    expect(second.seen).toEqual([1, 2]);

    const late = watch();
    expect(late.seen).toEqual([2]);
    expect(reads.reads).toBe(2);
  });

  it('reads again after a read that a change overtook, once however many changes came meanwhile', async () => {
    const watcher = watch();
    updates.changed(REFERRAL_ID);
    updates.changed(REFERRAL_ID);
    updates.changed(REFERRAL_ID);
    await reads.answer(version(1));
    await reads.answer(version(4));
    expect(reads.reads).toBe(2);
    expect(reads.pending).toHaveLength(0);
    expect(watcher.seen).toEqual([1, 4]);
  });

  it('tells its watchers when the referral is gone', async () => {
    const watcher = watch();
    await reads.answer(null);
    expect(watcher.seen).toEqual([null]);
  });

  it('ends every watcher with the error of a failed read, and reads afresh for the next one', async () => {
    const first = watch();
    const second = watch();
    await reads.fail(new Error('connection refused'));
    expect(first.errors.map((error) => error.message)).toEqual(['connection refused']);
    expect(second.errors).toHaveLength(1);
    expect(feed.watched).toBe(0);

    const next = watch();
    await reads.answer(version(3));
    expect(next.seen).toEqual([3]);
  });

  it('stops listening for the referral when its last watcher leaves', async () => {
    watch();
    watch();
    await reads.answer(version(1));
    expect(updates.watched).toBe(1);
    for (const subscription of subscriptions) subscription.unsubscribe();
    expect(updates.watched).toBe(0);
    expect(feed.watched).toBe(0);
    updates.changed(REFERRAL_ID);
    expect(reads.reads).toBe(1);
  });
});
