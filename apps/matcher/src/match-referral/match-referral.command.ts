import type { EventEnvelope, ReferralSubmittedValue } from '#contracts';

/** Ranks facilities for one submitted referral, as of `now` (the match time it publishes). */
export class MatchReferralCommand {
  constructor(
    readonly envelope: EventEnvelope<ReferralSubmittedValue>,
    readonly now: Date = new Date(),
  ) {}
}
