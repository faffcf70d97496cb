import type { Principal } from '#auth';

export class SendReferralCommand {
  constructor(
    readonly referralId: string,
    /** Facilities from the referral's matches, in the planner's order of preference. */
    readonly facilityIds: readonly string[],
    readonly sender: Principal,
    readonly sentAt: Date,
  ) {}
}
