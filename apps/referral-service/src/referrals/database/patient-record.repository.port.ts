import type { Transaction } from '#persistence';
import type { ConsentEntity } from './consent.entity.js';
import type { PatientDetailsEntity } from './patient-details.entity.js';

export const PATIENT_RECORD_REPOSITORY = Symbol('PATIENT_RECORD_REPOSITORY');

/** A new version of the patient details: everything but the version number, which the repository gives. */
export type PatientDetailsDraft = Omit<PatientDetailsEntity, 'version'>;

/**
 * Patient identity (every version of it) and the consents to disclose it: the only place either is
 * stored. Reads take the caller's transaction when they must see (and stand with) what it holds
 * locked, and run on their own otherwise.
 */
export interface PatientRecordRepository {
  /** The latest version of the patient details, or null when none is recorded. */
  findPatient(referralId: string, tx?: Transaction): Promise<PatientDetailsEntity | null>;
  /** One version of the patient details, or null. */
  findPatientVersion(referralId: string, version: number, tx?: Transaction): Promise<PatientDetailsEntity | null>;
  /**
   * Adds the next version of the patient details (earlier ones stay as they were) and returns it. The
   * caller holds the referral locked, so two writers cannot take the same number.
   */
  appendPatientVersion(tx: Transaction, patient: PatientDetailsDraft): Promise<PatientDetailsEntity>;
  /** A referral's consents, oldest first. */
  consentsOf(referralId: string, tx?: Transaction): Promise<ConsentEntity[]>;
  /** Consents naming one facility, across several referrals: the facility inbox. */
  consentsTo(facilityId: string, referralIds: readonly string[]): Promise<ConsentEntity[]>;
  insertConsent(tx: Transaction, consent: ConsentEntity): Promise<void>;
  revokeConsent(tx: Transaction, consentId: string, revokedBy: string, at: Date): Promise<void>;
  /** When each task of the referral that was admitted became so (its latest move to 'in-progress'), by task id. */
  admissionsOf(referralId: string): Promise<ReadonlyMap<string, Date>>;
}
