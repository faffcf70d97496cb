import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { ReferralConfig } from '../../referral.config.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { SharedStreamSlots } from '../database/shared-stream-slots.js';
import { canSeeReferral } from '../domain/referral-access.js';
import { ReferralNotFoundError } from '../domain/referral-errors.js';

/**
 * Opens the way to a live-update stream: the referral must be visible to the account (404) and the
 * account must have a stream place left (429). Both are decided here, before the route answers,
 * because once an event-stream route runs its status is 200 whatever it throws. The place is given
 * back when the HTTP response closes, however that happens: the client leaves, the stream fails or
 * ends, or the service stops.
 */
@Injectable()
export class WatchReferralGuard implements CanActivate {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly slots: SharedStreamSlots,
    private readonly config: ReferralConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal: Principal }>();
    const response = http.getResponse<Response>();
    const referralId = String(request.params.referralId);
    // Not a UUID: the route's pipe answers 400 with the field.
    if (!isUUID(referralId)) return true;
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(request.principal, referral)) throw new ReferralNotFoundError(referralId);
    // Places are counted across every instance of the service (in PostgreSQL), not per instance.
    const slot = await this.slots.take(request.principal.sub, this.config.MAX_STREAMS_PER_ACCOUNT);
    if (response.writableFinished || response.destroyed) void slot.release();
    else response.once('close', () => void slot.release());
    return true;
  }
}
