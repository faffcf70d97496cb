import { Inject, Injectable } from '@nestjs/common';
import { canManageFacility, type Principal } from '#auth';
import type { ReferralEntity } from './referral.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from './referral.repository.port.js';
import { ReferralResponseDto } from './referral.response.dto.js';
import { referralWarnings } from './referral-warnings.js';

/** A referral as its readers see it: matches, tasks, and the warnings the planner must act on. */
@Injectable()
export class ReferralReader {
  constructor(@Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository) {}

  /**
   * Minimum necessary: facility staff see the clinical needs and their own facility's task, not the
   * planner's search (other matches, exclusions) nor other facilities' answers.
   */
  async presentFor(principal: Principal, referral: ReferralEntity): Promise<ReferralResponseDto> {
    if (principal.role !== 'facility-staff') return this.present(referral);
    const view = ReferralResponseDto.from({
      ...referral,
      tasks: (referral.tasks ?? []).filter((task) => canManageFacility(principal, task.facilityId)),
      matches: [],
      nearbyExclusions: [],
      suggestions: [],
      excludedByRule: null,
    } as ReferralEntity);
    return view;
  }

  async present(referral: ReferralEntity): Promise<ReferralResponseDto> {
    const followUps = await this.referrals.followUpTaskStatuses(referral.id);
    const warnings = referralWarnings(referral.tasks ?? [], (referral.matches ?? []).map((match) => match.facilityId), followUps);
    return ReferralResponseDto.from(referral, warnings);
  }
}
