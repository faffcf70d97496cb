import { Controller, Param, ParseUUIDPipe, Sse, UseGuards, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AccessChecker, CurrentCredential, CurrentPrincipal, Roles, type AccessCredential, type Principal } from '#auth';
import {
  concatMap,
  distinctUntilChanged,
  EMPTY,
  exhaustMap,
  filter,
  from,
  fromEvent,
  map,
  merge,
  Observable,
  of,
  takeUntil,
  takeWhile,
  timer,
} from 'rxjs';
import { canSeeReferral } from '../domain/referral-access.js';
import { ReferralUpdates } from '../referral-updates.js';
import { ReferralFeed } from './referral-feed.js';
import { WatchReferralGuard } from './watch-referral.guard.js';

/**
 * How often an open stream re-checks its token, through the access-status cache (no referral read):
 * revoked or expired access ends the stream within ACCESS_STATUS_CACHE_MS and this.
 */
export const ACCESS_CHECK_MS = 2_000;

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class WatchReferralHttpController {
  constructor(
    private readonly feed: ReferralFeed,
    private readonly updates: ReferralUpdates,
    private readonly access: AccessChecker,
  ) {}

  @Roles('planner', 'facility-staff', 'admin')
  @UseGuards(WatchReferralGuard)
  @Sse(':referralId/events')
  @ApiOperation({
    summary: 'Server-sent events: the referral now, then again every time it changes',
    description:
      'An account may have at most MAX_STREAMS_PER_ACCOUNT streams open at once; closing one frees its place. The stream ends ' +
      'when the access token expires or is revoked (checked on every tick), or the referral is no longer visible.',
  })
  @ApiOkResponse({ description: 'text/event-stream of `referral` events, each a ReferralResponseDto' })
  @ApiTooManyRequestsResponse({ description: 'This account already has as many streams open as it may' })
  async watch(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentCredential() credential: AccessCredential,
  ): Promise<Observable<MessageEvent>> {
    // WatchReferralGuard checked access and took the account's stream place (given back when the response closes).
    if (this.updates.shuttingDown.aborted) return EMPTY;
    // The referral is read when it changes, once for all its streams in this instance (ReferralFeed).
    // The token is re-checked on a timer of its own, through the access-status cache and with no read
    // of the referral, so the stream of a referral that never changes still ends when access does.
    const accessEnded = timer(ACCESS_CHECK_MS, ACCESS_CHECK_MS).pipe(
      exhaustMap(() => from(this.allowed(credential))),
      filter((allowed) => !allowed),
    );
    return this.feed.watch(referralId).pipe(
      concatMap((item) => (item && canSeeReferral(principal, item.referral) ? from(item.jsonFor(principal)) : of(null))),
      // The referral gone or out of the account's sight ends the stream.
      takeWhile((json): json is string => json !== null),
      // A change this account cannot see (another facility's task, say) sends nothing.
      distinctUntilChanged(),
      map((json) => ({ type: 'referral', data: json }) satisfies MessageEvent),
      takeUntil(merge(accessEnded, fromEvent(this.updates.shuttingDown, 'abort'))),
    );
  }

  private async allowed(credential: AccessCredential): Promise<boolean> {
    // Identity unreachable for longer than ACCESS_STATUS_STALE_MS: end the stream rather than keep it unchecked.
    const verdict = await this.access.verdict(credential).catch(() => 'unavailable' as const);
    return verdict === 'allowed';
  }
}
