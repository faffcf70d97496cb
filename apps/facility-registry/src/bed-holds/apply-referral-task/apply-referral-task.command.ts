import type { EventEnvelope, ReferralTaskValue } from '#contracts';

/** A referral task event (referral.task.v2, or v1 upgraded at the edge) to apply to the hold behind it. */
export class ApplyReferralTaskCommand {
  constructor(
    readonly event: EventEnvelope<ReferralTaskValue>,
    /** The clock the hold's expiry is counted from. */
    readonly now: Date = new Date(),
  ) {}
}
