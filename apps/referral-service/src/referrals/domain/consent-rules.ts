import type { TaskStatus } from '#contracts';

/** What a consent may cover: each is a field of the patient's details. */
export const DISCLOSABLE_FIELDS = ['name', 'birthDate', 'phone', 'address', 'medicalRecordNumber', 'clinicalSummary'] as const;
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number];

export const CONSENT_PURPOSES = ['treatment-referral', 'care-coordination'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** The purpose a reader of patient details states unless they name another. */
export const DEFAULT_CONSENT_PURPOSE: ConsentPurpose = 'treatment-referral';

/** A consent is at most a year long, so a forgotten one does not disclose for ever. */
export const MAX_CONSENT_DAYS = 365;

export interface ConsentTerms {
  readonly recipientFacilityId: string;
  readonly purpose: ConsentPurpose;
  readonly disclosedFields: readonly DisclosableField[];
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

/** Neither expired nor revoked. */
export function consentIsCurrent(consent: Pick<ConsentTerms, 'expiresAt' | 'revokedAt'>, now: Date): boolean {
  return consent.revokedAt === null && new Date(consent.expiresAt).getTime() > now.getTime();
}

/** Whether a consent lets this facility see patient details now. */
export function consentIsValid(consent: ConsentTerms, facilityId: string, now: Date): boolean {
  return consent.recipientFacilityId === facilityId && consentIsCurrent(consent, now);
}

/** The latest-expiring valid consent for the facility, or null. */
export function validConsentFor<C extends ConsentTerms>(consents: readonly C[], facilityId: string, now: Date): C | null {
  return (
    consents
      .filter((consent) => consentIsValid(consent, facilityId, now))
      .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime())[0] ?? null
  );
}

/** The latest-expiring valid consent for the facility given for this purpose, or null. */
export function validConsentForPurpose<C extends ConsentTerms>(
  consents: readonly C[],
  facilityId: string,
  purpose: ConsentPurpose,
  now: Date,
): C | null {
  // 42 CFR 2.31(a)(4): a consent states its purpose, and discloses for that purpose only.
  return validConsentFor(
    consents.filter((consent) => consent.purpose === purpose),
    facilityId,
    now,
  );
}

/**
 * Why this facility gets nothing for this purpose: the wording of the 403. A valid consent for another
 * purpose is named as such, so the planner knows what to ask the patient for.
 */
export function consentRefusal(consents: readonly ConsentTerms[], facilityId: string, purpose: ConsentPurpose, now: Date): string {
  const other = validConsentFor(consents, facilityId, now);
  if (other && other.purpose !== purpose) {
    return (
      `no valid consent names your facility as recipient for ${purpose}: the patient consented for ${other.purpose} only, ` +
      'and a consent discloses only for the purpose it states (42 CFR 2.31(a)(4))'
    );
  }
  return 'no valid consent names your facility as recipient; the referring planner records the patient’s consent first';
}

/**
 * The consents facility staff may list: current ones (not expired, not revoked) naming one of their
 * facilities. Expired and revoked ones stay with the referring planner.
 */
export function consentsListedToStaff<C extends ConsentTerms>(
  consents: readonly C[],
  actsFor: (facilityId: string) => boolean,
  now: Date,
): C[] {
  return consents.filter((consent) => actsFor(consent.recipientFacilityId) && consentIsCurrent(consent, now));
}

/** HIPAA minimum necessary: a consent shows the recipient the patient's name only while current and only if it discloses the name. */
export function consentShowsName(consent: Pick<ConsentTerms, 'disclosedFields' | 'expiresAt' | 'revokedAt'>, now: Date): boolean {
  return consentIsCurrent(consent, now) && consent.disclosedFields.includes('name');
}

/** Task statuses in which the facility is still to answer, or has said yes and the patient is on the way. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['requested', 'received', 'on-hold', 'accepted'];

/** Task statuses of a patient the facility admitted ('in-progress', then 'completed' at discharge). */
export const ADMITTED_TASK_STATUSES: readonly TaskStatus[] = ['in-progress', 'completed'];

/** What decides whether a facility still has a reason to see the patient: its tasks for the referral. */
export interface TaskAccessFacts {
  readonly facilityId: string;
  readonly status: TaskStatus;
  /** FHIR Task.statusReason: "no-show", "hold-expired", "placed-elsewhere"… */
  readonly statusReason?: string | null;
  /** When the task became 'in-progress' (the admission); null when unknown. */
  readonly admittedAt: Date | null;
}

/** A task as the referral holds it, for `taskAccessFacts`. */
export interface TaskRecord {
  readonly id: string;
  readonly facilityId: string;
  readonly status: TaskStatus;
  readonly statusReason: string | null;
  /** When the status last changed. */
  readonly updatedAt: Date;
}

/**
 * The access facts of tasks, given when each admitted one was admitted (its move to 'in-progress');
 * without that record, a task still in progress was admitted when its status last changed.
 */
export function taskAccessFacts(tasks: readonly TaskRecord[], admissions: ReadonlyMap<string, Date>): TaskAccessFacts[] {
  return tasks.map((task) => ({
    facilityId: task.facilityId,
    status: task.status,
    statusReason: task.statusReason,
    admittedAt: admissions.get(task.id) ?? (task.status === 'in-progress' ? new Date(task.updatedAt) : null),
  }));
}

export type DisclosureAccess = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ENDED_TASK_WORDS: Partial<Record<TaskStatus, string>> = {
  draft: 'was never sent',
  rejected: 'was declined',
  cancelled: 'was cancelled',
  failed: 'failed',
};

/**
 * Whether a facility may receive patient details now: while one of its tasks for the referral awaits
 * its answer or is accepted, or within `admissionWindowDays` of the patient's admission there. A
 * declined, cancelled or failed (no-show, expired hold…) referral leaves it no need to know.
 */
export function facilityMayReceive(
  tasks: readonly TaskAccessFacts[],
  facilityId: string,
  now: Date,
  admissionWindowDays: number,
): DisclosureAccess {
  // 45 CFR 164.502(b) minimum necessary: disclose only while the facility has a treatment role for this referral.
  const own = tasks.filter((task) => task.facilityId === facilityId);
  if (own.some((task) => OPEN_TASK_STATUSES.includes(task.status))) return { allowed: true };
  const windowMs = admissionWindowDays * 86_400_000;
  const admitted = own.filter((task) => ADMITTED_TASK_STATUSES.includes(task.status));
  if (admitted.some((task) => task.admittedAt !== null && now.getTime() - task.admittedAt.getTime() <= windowMs)) {
    return { allowed: true };
  }
  const rule =
    'patient details are disclosed to a facility only while its referral awaits an answer or is accepted, ' +
    `or for ${admissionWindowDays} days after admission`;
  if (own.length === 0) return { allowed: false, reason: `this referral was not sent to your facility; ${rule}` };
  if (admitted.length > 0) {
    return { allowed: false, reason: `the patient was admitted to your facility more than ${admissionWindowDays} days ago; ${rule}` };
  }
  const latest = own.at(-1)!;
  const words = ENDED_TASK_WORDS[latest.status] ?? `is ${latest.status}`;
  const why = latest.statusReason ? ` (${latest.statusReason})` : '';
  return { allowed: false, reason: `the referral to your facility ${words}${why}; ${rule}` };
}

/** Who the patient is, as recorded by the referring planner (the patient details, as rules see them). */
export interface PatientIdentity {
  readonly givenName: string;
  readonly familyName: string;
  /** Calendar date, YYYY-MM-DD. */
  readonly birthDate: string;
  readonly phone: string | null;
  readonly address: string | null;
  readonly medicalRecordNumber: string | null;
  readonly clinicalSummary: string | null;
}

export interface DisclosedPatient {
  name?: { given: string; family: string };
  birthDate?: string | null;
  phone?: string | null;
  address?: string | null;
  medicalRecordNumber?: string | null;
  clinicalSummary?: string | null;
}

/** Minimum necessary: exactly the consented fields, nothing else. */
export function disclose(patient: PatientIdentity, fields: readonly DisclosableField[]): DisclosedPatient {
  const disclosed: DisclosedPatient = {};
  for (const field of fields) {
    if (field === 'name') disclosed.name = { given: patient.givenName, family: patient.familyName };
    else disclosed[field] = patient[field];
  }
  return disclosed;
}

export function fullNameOf(patient: Pick<PatientIdentity, 'givenName' | 'familyName'>): string {
  return `${patient.givenName} ${patient.familyName}`;
}
