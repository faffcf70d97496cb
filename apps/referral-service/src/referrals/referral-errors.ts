export class ReferralNotFoundError extends Error {
  constructor(readonly referralId: string) {
    super(`referral ${referralId} does not exist`);
  }
}

export class InvalidReferralError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
