import { Inject, Injectable } from '@nestjs/common';
import { Observable, type Subscriber } from 'rxjs';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralUpdates } from '../referral-updates.js';
import { ReferralSnapshot } from './referral-snapshot.js';

/** What a feed emits: the referral as last read, or null once it no longer exists. */
export type FeedItem = ReferralSnapshot | null;

/**
 * The referrals open event streams show, each read once per change in this instance however many
 * streams show it (not once per stream), and never on a timer: a read follows a change signal
 * (ReferralUpdates) and nothing else.
 */
@Injectable()
export class ReferralFeed {
  private readonly feeds = new Map<string, SharedReferral>();

  constructor(
    private readonly updates: ReferralUpdates,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly reader: ReferralReader,
  ) {}

  /**
   * The referral as it is (the latest read, or a fresh one for the first watcher), then again after
   * every change. Errors, for every watcher, when a read fails.
   */
  watch(referralId: string): Observable<FeedItem> {
    return new Observable<FeedItem>((subscriber) => {
      let feed = this.feeds.get(referralId);
      if (!feed) {
        feed = new SharedReferral(referralId, this.updates, async () => {
          const referral = await this.referrals.findWithMatches(referralId);
          return referral ? new ReferralSnapshot(referral, this.reader) : null;
        });
        this.feeds.set(referralId, feed);
      }
      const joined = feed;
      joined.join(subscriber);
      return () => {
        if (joined.leave(subscriber) && this.feeds.get(referralId) === joined) this.feeds.delete(referralId);
      };
    });
  }

  /** Referrals with at least one watcher in this instance. */
  get watched(): number {
    return this.feeds.size;
  }
}

/** One referral's reads, shared by its watchers. */
class SharedReferral {
  private readonly watchers = new Set<Subscriber<FeedItem>>();
  private readonly unsubscribe: () => void;
  private latest: FeedItem | undefined;
  private reading = false;
  /** A change was signalled during the read in flight: what it read may predate the change, so read again. */
  private stale = false;
  private closed = false;

  constructor(
    referralId: string,
    updates: ReferralUpdates,
    private readonly read: () => Promise<FeedItem>,
  ) {
    this.unsubscribe = updates.subscribe(referralId, () => void this.refresh());
  }

  join(watcher: Subscriber<FeedItem>): void {
    this.watchers.add(watcher);
    if (this.latest !== undefined) watcher.next(this.latest);
    else if (!this.reading) void this.refresh();
  }

  /** True when the last watcher left and the feed is closed. */
  leave(watcher: Subscriber<FeedItem>): boolean {
    this.watchers.delete(watcher);
    if (this.watchers.size > 0 || this.closed) return this.closed;
    this.closed = true;
    this.unsubscribe();
    return true;
  }

  private async refresh(): Promise<void> {
    if (this.closed) return;
    if (this.reading) {
      this.stale = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.stale = false;
        const item = await this.read();
        if (this.closed) return;
        this.latest = item;
        for (const watcher of [...this.watchers]) watcher.next(item);
      } while (this.stale);
    } catch (error) {
      // Each watcher's stream ends with the error, as a failed read of its own would have ended it.
      for (const watcher of [...this.watchers]) watcher.error(error);
    } finally {
      this.reading = false;
    }
  }
}
