import { Inject, Injectable } from '@nestjs/common';
import { ReferralConfig } from '../../referral.config.js';
import type { ReferralEntity } from '../database/referral.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralNotFoundError } from '../domain/referral-errors.js';
import { ReferralUpdates } from '../referral-updates.js';
import type { AwaitedAnswer, AwaitReferralAnswerQuery } from './await-referral-answer.query.js';

export interface ReferralAnswer {
  /** The referral as last read: answered, or as it stood when the wait ran out. */
  readonly referral: ReferralEntity;
  /** Whether the awaited answer came within the configured wait. */
  readonly answered: boolean;
}

/**
 * Waits a little for the other services' answer to a change, so most requests get it in their
 * response (201) and the rest learn it is still coming (202). Re-reads the referral when it changes:
 * the answer may be applied by any instance, and each hears every change (ReferralChangeListener).
 */
@Injectable()
export class AwaitReferralAnswerHandler {
  constructor(
    private readonly updates: ReferralUpdates,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly config: ReferralConfig,
  ) {}

  async execute(query: AwaitReferralAnswerQuery): Promise<ReferralAnswer> {
    const lastRead: { referral: ReferralEntity | null } = { referral: null };
    const answered = await this.updates.waitFor(
      query.referralId,
      async () => {
        const current = (lastRead.referral = await this.referrals.findWithMatches(query.referralId));
        return current && isAnswered(current, query.awaited) ? current : undefined;
      },
      query.awaited.kind === 'match' ? this.config.REFERRAL_MATCH_WAIT_MS : this.config.REFERRAL_HOLD_WAIT_MS,
    );
    const referral = answered ?? lastRead.referral;
    if (!referral) throw new ReferralNotFoundError(query.referralId);
    return { referral, answered: answered !== undefined };
  }
}

function isAnswered(referral: ReferralEntity, awaited: AwaitedAnswer): boolean {
  if (awaited.kind === 'match') return referral.matchStatus !== 'matching';
  const sent = (referral.tasks ?? []).filter((task) => awaited.facilityIds.includes(task.facilityId));
  return sent.every((task) => task.holdStatus !== 'pending');
}
