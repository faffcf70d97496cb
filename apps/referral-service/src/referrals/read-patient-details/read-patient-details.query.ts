import type { Principal } from '#auth';
import type { ConsentPurpose } from '../domain/consent-rules.js';

export class ReadPatientDetailsQuery {
  constructor(
    readonly referralId: string,
    readonly actor: Principal,
    /** For staff of several facilities: which one is reading; null lets any of theirs with a consent read. */
    readonly facilityId: string | null,
    /** What the reader wants the details for: only a consent given for this purpose discloses (42 CFR 2.31(a)(4)). */
    readonly purpose: ConsentPurpose,
    readonly now: Date = new Date(),
  ) {}
}
