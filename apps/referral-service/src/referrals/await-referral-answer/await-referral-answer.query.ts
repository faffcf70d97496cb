/** What a request waits for after changing a referral. */
export type AwaitedAnswer =
  /** The matcher's answer: the referral is no longer "matching" (REFERRAL_MATCH_WAIT_MS at most). */
  | { readonly kind: 'match' }
  /** The registry's answer on the beds of the tasks sent to these facilities (REFERRAL_HOLD_WAIT_MS at most). */
  | { readonly kind: 'holds'; readonly facilityIds: readonly string[] };

export class AwaitReferralAnswerQuery {
  constructor(
    readonly referralId: string,
    readonly awaited: AwaitedAnswer,
  ) {}

  static match(referralId: string): AwaitReferralAnswerQuery {
    return new AwaitReferralAnswerQuery(referralId, { kind: 'match' });
  }

  static holds(referralId: string, facilityIds: readonly string[]): AwaitReferralAnswerQuery {
    return new AwaitReferralAnswerQuery(referralId, { kind: 'holds', facilityIds });
  }
}
