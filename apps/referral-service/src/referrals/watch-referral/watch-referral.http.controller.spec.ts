import { jest } from '@jest/globals';
import type { MessageEvent } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { AccessChecker, type AccessCredential, type AccessStatus, type AccessStatusSource, type Principal } from '#auth';
import type { ReferralEntity } from '../database/referral.entity.js';
import type { ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralUpdates } from '../referral-updates.js';
import { ReferralFeed } from './referral-feed.js';
import { ACCESS_CHECK_MS, WatchReferralHttpController } from './watch-referral.http.controller.js';
import { WATCHED_ORGANIZATION, WATCHED_REFERRAL_ID, watchedReferral, watchedTask } from './watched-referral.test-factory.js';

const ID = WATCHED_REFERRAL_ID;
const planner: Principal = { sub: 'planner-1', role: 'planner', facilityIds: [], organization: WATCHED_ORGANIZATION };
const colleague: Principal = { sub: 'planner-2', role: 'planner', facilityIds: [], organization: WATCHED_ORGANIZATION };
const staffOfA: Principal = { sub: 'staff-a', role: 'facility-staff', facilityIds: ['facility-a'], organization: null };
const credentialOf = (principal: Principal): AccessCredential => ({
  accountId: principal.sub,
  token: 'stand-in',
  version: 0,
  expiresAtMs: null,
});

interface Stream {
  readonly events: { type: string; data: { tasks: { facilityId: string; status: string }[] } }[];
  ended: boolean;
}

describe('WatchReferralHttpController', () => {
  let current: ReferralEntity | null;
  let reads: number;
  let statuses: Map<string, AccessStatus>;
  let updates: ReferralUpdates;
  let controller: WatchReferralHttpController;
  let subscriptions: Subscription[];

  async function open(principal: Principal): Promise<Stream> {
    const stream: Stream = { events: [], ended: false };
    const events = await controller.watch(ID, principal, credentialOf(principal));
    subscriptions.push(
      events.subscribe({
        next: (event: MessageEvent) => stream.events.push({ type: String(event.type), data: JSON.parse(event.data as string) }),
        complete: () => (stream.ended = true),
      }),
    );
    await settle();
    return stream;
  }

  /** Lets the reads and presentations under way finish. */
  const settle = () => jest.advanceTimersByTimeAsync(0);

  /** Another instance commits a change: the listener signals it here. */
  async function change(referral: ReferralEntity | null): Promise<void> {
    current = referral;
    updates.changed(ID);
    await settle();
  }

  beforeEach(() => {
    jest.useFakeTimers();
    current = watchedReferral([watchedTask('t-a', 'facility-a'), watchedTask('t-b', 'facility-b')]);
    reads = 0;
    statuses = new Map();
    const referrals = {
      findWithMatches: async () => {
        reads += 1;
        return current;
      },
      followUpTaskStatuses: async () => [],
    } as unknown as ReferralRepository;
    const source: AccessStatusSource = {
      statusOf: async (credential) => statuses.get(credential.accountId) ?? { active: true, tokenVersion: 0 },
    };
    updates = new ReferralUpdates();
    const feed = new ReferralFeed(updates, referrals, new ReferralReader(referrals));
    controller = new WatchReferralHttpController(feed, updates, new AccessChecker(source));
    subscriptions = [];
  });

  afterEach(() => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    jest.useRealTimers();
  });

  it('sends the referral at once, then again on each change, reading it once per change for all its streams', async () => {
    const streams = [await open(planner), await open(colleague), await open(staffOfA)];
    expect(reads).toBe(1);
    for (const stream of streams) expect(stream.events.map((event) => event.type)).toEqual(['referral']);

    await change(watchedReferral([watchedTask('t-a', 'facility-a', { status: 'accepted' }), watchedTask('t-b', 'facility-b')]));
    expect(reads).toBe(2);
    for (const stream of streams) expect(stream.events).toHaveLength(2);
    expect(streams[2]!.events[1]!.data.tasks).toEqual([expect.objectContaining({ facilityId: 'facility-a', status: 'accepted' })]);
  });

  it('sends nothing for a change the account does not see, and reads nothing on the timer', async () => {
    const staff = await open(staffOfA);
    const owner = await open(planner);
    await change(watchedReferral([watchedTask('t-a', 'facility-a'), watchedTask('t-b', 'facility-b', { status: 'rejected' })]));
    expect(owner.events).toHaveLength(2);
    expect(staff.events).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(10 * ACCESS_CHECK_MS);
    expect(reads).toBe(2);
    expect(staff.ended).toBe(false);
  });

  it('ends the stream of an account whose access is revoked, though the referral does not change', async () => {
    const stream = await open(planner);
    const other = await open(colleague);
    statuses.set(planner.sub, { active: false, tokenVersion: 0 });
    await jest.advanceTimersByTimeAsync(ACCESS_CHECK_MS);
    expect(stream.ended).toBe(true);
    expect(other.ended).toBe(false);
    expect(reads).toBe(1);
  });

  it('ends the stream when the referral goes out of the account’s sight, or away', async () => {
    const staff = await open(staffOfA);
    const owner = await open(planner);
    await change(watchedReferral([watchedTask('t-b', 'facility-b')]));
    expect(staff.ended).toBe(true);
    expect(owner.ended).toBe(false);
    await change(null);
    expect(owner.ended).toBe(true);
    expect(owner.events).toHaveLength(2);
  });

  it('ends every stream when the service shuts down, and opens none after', async () => {
    const stream = await open(planner);
    updates.beforeApplicationShutdown();
    expect(stream.ended).toBe(true);
    const late = await open(colleague);
    expect(late.ended).toBe(true);
    expect(late.events).toHaveLength(0);
  });
});
