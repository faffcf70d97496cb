import { Controller, Inject, Param, ParseUUIDPipe, Sse, UseGuards, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AccessChecker, CurrentCredential, CurrentPrincipal, Roles, type AccessCredential, type Principal } from '#auth';
import { concatMap, EMPTY, from, fromEvent, interval, map, merge, Observable, startWith, takeUntil, takeWhile } from 'rxjs';
import type { ReferralResponseDto } from '../dtos/referral.response.dto.js';
import { canSeeReferral } from '../domain/referral-access.js';
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
    const changes = new Observable<void>((subscriber) => this.updates.subscribe(referralId, () => subscriber.next()));
    // The 2 s tick also carries changes made by another instance of this service.
    let last = '';
    return merge(changes, interval(2_000)).pipe(
      startWith(undefined),
      concatMap(() => from(this.viewFor(referralId, principal, credential))),
      // Access was checked once when the stream opened; it is checked again on every tick (through the
      // access-status cache), so a revoked or expired token, or a referral out of sight, ends the stream.
      takeWhile((view): view is ReferralResponseDto => view !== null),
      map((view) => JSON.stringify(view)),
      concatMap((json) => {
        if (json === last) return from([]);
        last = json;
        return from([{ type: 'referral', data: json } satisfies MessageEvent]);
      }),
      takeUntil(fromEvent(this.updates.shuttingDown, 'abort')),
    );
  }

  /** The referral as the account sees it now, or null when the account may no longer see it (or at all). */
  private async viewFor(referralId: string, principal: Principal, credential: AccessCredential): Promise<ReferralResponseDto | null> {
    // Identity unreachable for longer than ACCESS_STATUS_STALE_MS: end the stream rather than keep it unchecked.
    const verdict = await this.access.verdict(credential).catch(() => 'unavailable' as const);
    if (verdict !== 'allowed') return null;
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(principal, referral)) return null;
    return this.reader.presentFor(principal, referral);
  }
}
