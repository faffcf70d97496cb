import type { Transaction } from '#persistence';
import type { ConsentEntity } from './consent.entity.js';
import type { PatientDetailsEntity } from './patient-details.entity.js';

export const PATIENT_RECORD_REPOSITORY = Symbol('PATIENT_RECORD_REPOSITORY');

/**
 * Patient identity and the consents to disclose it: the only place either is stored. Reads take the
 * caller's transaction when they must see (and stand with) what it holds locked, and run on their own otherwise.
 */
export interface PatientRecordRepository {
  findPatient(referralId: string, tx?: Transaction): Promise<PatientDetailsEntity | null>;
  savePatient(tx: Transaction, patient: PatientDetailsEntity): Promise<void>;
  /** A referral's consents, oldest first. */
  consentsOf(referralId: string, tx?: Transaction): Promise<ConsentEntity[]>;
  /** Consents naming one facility, across several referrals: the facility inbox. */
  consentsTo(facilityId: string, referralIds: readonly string[]): Promise<ConsentEntity[]>;
  insertConsent(tx: Transaction, consent: ConsentEntity): Promise<void>;
  revokeConsent(tx: Transaction, consentId: string, revokedBy: string, at: Date): Promise<void>;
}
