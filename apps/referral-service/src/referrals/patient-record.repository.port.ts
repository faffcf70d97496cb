import type { EntityManager } from 'typeorm';
import type { ConsentEntity } from './consent.entity.js';
import type { PatientDetailsEntity } from './patient-details.entity.js';

export const PATIENT_RECORD_REPOSITORY = Symbol('PATIENT_RECORD_REPOSITORY');

/** Patient identity and the consents to disclose it: the only place either is stored. */
export interface PatientRecordRepository {
  findPatient(manager: EntityManager, referralId: string): Promise<PatientDetailsEntity | null>;
  savePatient(manager: EntityManager, patient: PatientDetailsEntity): Promise<void>;
  consentsOf(manager: EntityManager, referralId: string): Promise<ConsentEntity[]>;
  /** Consents naming one facility, across several referrals: the facility inbox. */
  consentsTo(facilityId: string, referralIds: readonly string[]): Promise<ConsentEntity[]>;
  insertConsent(manager: EntityManager, consent: ConsentEntity): Promise<void>;
  revokeConsent(manager: EntityManager, consentId: string, revokedBy: string, at: Date): Promise<void>;
}
