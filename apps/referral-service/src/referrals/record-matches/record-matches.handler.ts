import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { ReferralMatchEntity } from '../database/referral-match.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import type { RecordMatchesCommand } from './record-matches.command.js';

@Injectable()
export class RecordMatchesHandler {
  private readonly logger = new Logger(RecordMatchesHandler.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
  ) {}

  /**
   * Stores the matcher's answer. Its unit of work joins the inbox's transaction; an answer to an older
   * version of the referral, or one arriving after the referral was already answered, changes nothing.
   */
  async execute(command: RecordMatchesCommand): Promise<boolean> {
    const { event } = command;
    const result = event.payload;
    return this.unitOfWork.run(async (tx) => {
      const referral = await this.referrals.lockForUpdate(tx, result.referralId);
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
      await this.referrals.update(tx, referral);
      await this.referrals.replaceMatches(
        tx,
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
    });
  }
}
