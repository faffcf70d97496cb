/** What a consent may cover: each is a field of the patient's details. */
export const DISCLOSABLE_FIELDS = ['name', 'birthDate', 'phone', 'address', 'medicalRecordNumber', 'clinicalSummary'] as const;
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number];

export const CONSENT_PURPOSES = ['treatment-referral', 'care-coordination'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** A consent is at most a year long, so a forgotten one does not disclose for ever. */
export const MAX_CONSENT_DAYS = 365;

export interface ConsentTerms {
  readonly recipientFacilityId: string;
  readonly disclosedFields: readonly DisclosableField[];
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

/** Whether a consent lets this facility see patient details now. */
export function consentIsValid(consent: ConsentTerms, facilityId: string, now: Date): boolean {
  return consent.recipientFacilityId === facilityId && consent.revokedAt === null && consent.expiresAt.getTime() > now.getTime();
}

/** The latest-expiring valid consent for the facility, or null. */
export function validConsentFor<C extends ConsentTerms>(consents: readonly C[], facilityId: string, now: Date): C | null {
  return (
    consents
      .filter((consent) => consentIsValid(consent, facilityId, now))
      .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime())[0] ?? null
  );
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
