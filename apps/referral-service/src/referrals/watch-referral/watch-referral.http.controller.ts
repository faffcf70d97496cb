import { Controller, Inject, Param, ParseUUIDPipe, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { canSeeReferral } from '../domain/referral-access.js';
import { concatMap, from, interval, map, merge, Observable, startWith } from 'rxjs';
import { ReferralNotFoundError } from '../domain/referral-errors.js';
import { ReferralUpdates } from '../referral-updates.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';

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
  @Sse(':referralId/events')
  @ApiOperation({ summary: 'Server-sent events: the referral now, then again every time it changes' })
  @ApiOkResponse({ description: 'text/event-stream of `referral` events, each a ReferralResponseDto' })
  async watch(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Observable<MessageEvent>> {
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(principal, referral)) throw new ReferralNotFoundError(referralId);
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
    );
  }
}
