import type { EventEnvelope, ReferralMatchedValue } from '#contracts';

/** The matcher's referral.matched event, as the inbox received it. */
export class RecordMatchesCommand {
  constructor(readonly event: EventEnvelope<ReferralMatchedValue>) {}
}
