import type { CredentialType } from '#contracts';

/** An admin's verdict on one licence or accreditation a facility holds. */
export class ReviewCredentialCommand {
  constructor(
    readonly facilityId: string,
    readonly type: CredentialType,
    /** The credential's number, needed only when the facility holds two of the type. */
    readonly identifier: string | null,
    readonly outcome: 'verified' | 'rejected',
    readonly note: string | null,
    /** The admin's account; kept on the credential and in the facility's history. */
    readonly reviewedBy: string,
    readonly reviewedAt: Date = new Date(),
  ) {}
}
