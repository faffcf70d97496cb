import type { Principal } from '#auth';

export class ReadPatientDetailsQuery {
  constructor(
    readonly referralId: string,
    readonly actor: Principal,
    /** For staff of several facilities: which one is reading; null lets any of theirs with a consent read. */
    readonly facilityId: string | null,
    readonly now: Date = new Date(),
  ) {}
}
