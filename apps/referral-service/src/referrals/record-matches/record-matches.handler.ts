import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, ReferralMatchedValue } from '#contracts';
import { ReferralMatchEntity } from '../referral-match.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';

@Injectable()
export class RecordMatchesHandler {
  private readonly logger = new Logger(RecordMatchesHandler.name);

  constructor(@Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository) {}

  /**
   * Stores the matcher's answer. Runs inside the inbox transaction; an answer to an older version
   * of the referral, or one arriving after the referral was already answered, changes nothing.
   */
  async execute(event: EventEnvelope<ReferralMatchedValue>, manager: EntityManager): Promise<boolean> {
    const result = event.payload;
    const referral = await this.referrals.lockForUpdate(manager, result.referralId);
    if (!referral) {
      this.logger.warn(`match result for unknown referral ${result.referralId} ignored`);
      return false;
    }
    if (event.sequence < referral.version || referral.matchStatus !== 'matching') return false;
    referral.matchStatus = result.matches.length > 0 ? 'matched' : 'no-match';
    referral.matchedAt = new Date(result.matchedAt);
    referral.facilitiesConsidered = result.facilitiesConsidered;
    referral.excludedByRule = result.excludedByRule;
    referral.nearbyExclusions = result.nearbyExclusions ?? [];
    referral.suggestions = result.suggestions ?? [];
    await this.referrals.update(manager, referral);
    await this.referrals.replaceMatches(
      manager,
      referral.id,
      result.matches.map((match, index) =>
        Object.assign(new ReferralMatchEntity(), {
          referralId: referral.id,
          rank: index + 1,
          facilityId: match.facilityId,
          facilityName: match.name,
          levelOfCare: match.levelOfCare,
          city: match.city,
          state: match.state,
          distanceMiles: match.distanceMiles,
          bedsAvailable: match.bedsAvailable,
          bedsConfirmedAt: match.bedsConfirmedAt ? new Date(match.bedsConfirmedAt) : null,
          score: match.score,
          reasons: match.reasons,
        }),
      ),
    );
    return true;
  }
}
