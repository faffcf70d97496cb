import { DomainError } from '#http';

export class ReferralNotFoundError extends DomainError {
  constructor(readonly referralId: string) {
    super('not-found', `referral ${referralId} does not exist`);
  }
}

export class InvalidReferralError extends DomainError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('invalid', `${field}: ${reason}`, { problems: [{ field, reason }] });
  }
}

export class TaskNotFoundError extends DomainError {
  constructor(readonly taskId: string) {
    super('not-found', `referral task ${taskId} does not exist`);
  }
}

/** The request is well formed but the referral's state does not allow it (409). */
export class ReferralConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** The caller may see the referral but not do this (403). */
export class ReferralForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class PatientDetailsNotFoundError extends DomainError {
  constructor(readonly referralId: string) {
    super('not-found', `no patient details are recorded for referral ${referralId}`);
  }
}
