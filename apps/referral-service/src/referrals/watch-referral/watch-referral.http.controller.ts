import { Controller, Inject, Param, ParseUUIDPipe, Sse, UseGuards, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { concatMap, EMPTY, from, fromEvent, interval, map, merge, Observable, startWith, takeUntil } from 'rxjs';
import { ReferralUpdates } from '../referral-updates.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';
import { WatchReferralGuard } from './watch-referral.guard.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class WatchReferralHttpController {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly updates: ReferralUpdates,
    private readonly reader: ReferralReader,
  ) {}

  @Roles('planner', 'facility-staff', 'admin')
  @UseGuards(WatchReferralGuard)
  @Sse(':referralId/events')
  @ApiOperation({
    summary: 'Server-sent events: the referral now, then again every time it changes',
    description: 'An account may have at most MAX_STREAMS_PER_ACCOUNT streams open at once; closing one frees its place.',
  })
  @ApiOkResponse({ description: 'text/event-stream of `referral` events, each a ReferralResponseDto' })
  @ApiTooManyRequestsResponse({ description: 'This account already has as many streams open as it may' })
  async watch(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Observable<MessageEvent>> {
    // WatchReferralGuard checked access and took the account's stream place (given back when the response closes).
    if (this.updates.shuttingDown.aborted) return EMPTY;
    const changes = new Observable<void>((subscriber) => this.updates.subscribe(referralId, () => subscriber.next()));
    // The 2 s tick also carries changes made by another instance of this service.
    let last = '';
    return merge(changes, interval(2_000)).pipe(
      startWith(undefined),
      concatMap(() => from(this.referrals.findWithMatches(referralId))),
      concatMap((referral) => from(referral ? this.reader.presentFor(principal, referral) : Promise.resolve(null))),
      map((view) => (view ? JSON.stringify(view) : '')),
      concatMap((json) => {
        if (json === last || json === '') return from([]);
        last = json;
        return from([{ type: 'referral', data: json } satisfies MessageEvent]);
      }),
      takeUntil(fromEvent(this.updates.shuttingDown, 'abort')),
    );
  }
}
