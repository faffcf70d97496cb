import type { Principal } from '#auth';
import type { ConsentPurpose, DisclosableField } from '../domain/consent-rules.js';

/** The patient's consent to disclose their details to one facility, as the planner records it. */
export class RecordConsentCommand {
  constructor(
    readonly referralId: string,
    /** The facility the patient agrees to disclose to: one of the referral's matches (or a facility it was sent to). */
    readonly recipientFacilityId: string,
    readonly purpose: ConsentPurpose,
    readonly disclosedFields: readonly DisclosableField[],
    readonly expiresAt: Date,
    readonly actor: Principal,
    readonly now: Date = new Date(),
  ) {}
}
