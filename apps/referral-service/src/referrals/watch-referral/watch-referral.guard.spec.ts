import { EventEmitter } from 'node:events';
import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '#auth';
import { ReferralConfig } from '../../referral.config.js';
import type { ReferralRepository } from '../database/referral.repository.port.js';
import type { ReferralEntity } from '../database/referral.entity.js';
import { ReferralNotFoundError } from '../domain/referral-errors.js';
import { TooManyStreamsError } from '../domain/stream-slots.js';
import { SharedStreamSlots } from '../database/shared-stream-slots.js';
import { PlacesInMemory } from '../database/stream-slot.test-factory.js';
import { WatchReferralGuard } from './watch-referral.guard.js';

const REFERRAL_ID = '6f1c2b1e-8d8e-4f5a-9a57-2f4f6f0e9c11';
const planner: Principal = { sub: 'planner-1', role: 'planner', facilityIds: [], organization: 'St Elsewhere' };
const stranger: Principal = { sub: 'planner-2', role: 'planner', facilityIds: [], organization: 'Elsewhere General' };

/** An HTTP response as far as the guard sees it: it can close. */
class FakeResponse extends EventEmitter {
  writableFinished = false;
  destroyed = false;
}

describe('WatchReferralGuard', () => {
  const referral = {
    id: REFERRAL_ID,
    submittedBy: planner.sub,
    organization: planner.organization,
    tasks: [],
  } as unknown as ReferralEntity;
  const referrals = {
    findWithMatches: (id: string) => Promise.resolve(id === REFERRAL_ID ? referral : null),
  } as unknown as ReferralRepository;
  let slots: SharedStreamSlots;
  let guard: WatchReferralGuard;

  function contextFor(principal: Principal, referralId = REFERRAL_ID): { context: ExecutionContext; response: FakeResponse } {
    const response = new FakeResponse();
    const request = { principal, params: { referralId } };
    const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ExecutionContext;
    return { context, response };
  }

  beforeEach(() => {
    slots = new SharedStreamSlots(new PlacesInMemory());
    guard = new WatchReferralGuard(referrals, slots, Object.assign(new ReferralConfig(), { MAX_STREAMS_PER_ACCOUNT: 2 }));
  });

  it('lets an account open as many streams as it may, then refuses the next with 429, not another account', async () => {
    await expect(guard.canActivate(contextFor(planner).context)).resolves.toBe(true);
    await expect(guard.canActivate(contextFor(planner).context)).resolves.toBe(true);
    await expect(guard.canActivate(contextFor(planner).context)).rejects.toBeInstanceOf(TooManyStreamsError);
    expect(await slots.countOf(planner.sub)).toBe(2);
  });

  it('gives a place back when the response closes, once', async () => {
    const first = contextFor(planner);
    await guard.canActivate(first.context);
    await guard.canActivate(contextFor(planner).context);
    first.response.emit('close');
    first.response.emit('close');
    await new Promise(setImmediate);
    expect(await slots.countOf(planner.sub)).toBe(1);
    await expect(guard.canActivate(contextFor(planner).context)).resolves.toBe(true);
  });

  it('answers 404 for a referral the account may not see, taking no place', async () => {
    await expect(guard.canActivate(contextFor(stranger).context)).rejects.toBeInstanceOf(ReferralNotFoundError);
    await expect(guard.canActivate(contextFor(planner, '0b0e4c4e-7c53-4a6e-8f0b-52c6a3a8d0aa').context)).rejects.toBeInstanceOf(
      ReferralNotFoundError,
    );
    expect(await slots.countOf(stranger.sub)).toBe(0);
  });

  it('leaves a malformed id to the route pipe (400), taking no place', async () => {
    await expect(guard.canActivate(contextFor(planner, 'not-a-uuid').context)).resolves.toBe(true);
    expect(await slots.countOf(planner.sub)).toBe(0);
  });
});
