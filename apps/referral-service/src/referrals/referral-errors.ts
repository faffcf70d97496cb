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

export class TaskNotFoundError extends Error {
  constructor(readonly taskId: string) {
    super(`referral task ${taskId} does not exist`);
  }
}

/** The request is well formed but the referral's state does not allow it (409). */
export class ReferralConflictError extends Error {}

/** The caller may see the referral but not do this (403). */
export class ReferralForbiddenError extends Error {}

export class PatientDetailsNotFoundError extends Error {
  constructor(readonly referralId: string) {
    super(`no patient details are recorded for referral ${referralId}`);
  }
}
