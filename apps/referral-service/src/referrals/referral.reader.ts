import { Inject, Injectable } from '@nestjs/common';
import { canManageFacility, type Principal } from '#auth';
import { canSeeReferral } from './domain/referral-access.js';
import type { ReferralEntity } from './database/referral.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from './database/referral.repository.port.js';
import { ReferralResponseDto } from './dtos/referral.response.dto.js';
import { referralWarnings } from './domain/referral-warnings.js';
import { patientNeedsOf } from './domain/referral-needs.js';

/** A referral as its readers see it: matches, tasks, and the warnings the planner must act on. */
@Injectable()
export class ReferralReader {
  constructor(@Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository) {}

  /** The referral if this principal may see it at all; null otherwise (so the caller answers 404, not 403). */
  async findVisible(principal: Principal, referralId: string): Promise<ReferralEntity | null> {
    const referral = await this.referrals.findWithMatches(referralId);
    return referral && canSeeReferral(principal, referral) ? referral : null;
  }

  /**
   * Minimum necessary: facility staff see the clinical needs and their own facility's task, not the
   * planner's search (other matches, exclusions) nor other facilities' answers.
   */
  viewFor(principal: Principal, referral: ReferralEntity): ReferralEntity {
    if (principal.role !== 'facility-staff') return referral;
    return {
      ...referral,
      tasks: (referral.tasks ?? []).filter((task) => canManageFacility(principal, task.facilityId)),
      matches: [],
      nearbyExclusions: [],
      suggestions: [],
      excludedByRule: null,
    } as ReferralEntity;
  }

  /** The referral as this principal reads it; the planner's warnings are for those who see the whole referral. */
  async presentFor(principal: Principal, referral: ReferralEntity): Promise<ReferralResponseDto> {
    if (principal.role !== 'facility-staff') return this.present(referral);
    return ReferralResponseDto.from(this.viewFor(principal, referral));
  }

  async present(referral: ReferralEntity): Promise<ReferralResponseDto> {
    const followUps = await this.referrals.followUpTaskStatuses(referral.id);
    const warnings = referralWarnings(
      referral.tasks ?? [],
      (referral.matches ?? []).map((match) => match.facilityId),
      followUps,
      {
        levelOfCare: referral.levelOfCare,
        needs: patientNeedsOf(referral),
      },
    );
    return ReferralResponseDto.from(referral, warnings);
  }
}
