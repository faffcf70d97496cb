import { Inject, Injectable } from '@nestjs/common';
import { canManageFacility, type Principal } from '#auth';
import { UnitOfWork } from '#persistence';
import { AuditLogRepository, type AuditRecord } from '../../audit/database/audit-log.repository.js';
import {
  consentRefusal,
  disclose,
  DISCLOSABLE_FIELDS,
  facilityMayReceive,
  taskAccessFacts,
  validConsentForPurpose,
  type DisclosableField,
  type DisclosedPatient,
} from '../domain/consent-rules.js';
import { REDISCLOSURE_NOTICE } from '../domain/redisclosure-notice.js';
import type { ConsentEntity } from '../database/consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { canSeeReferral, isPlannerOf } from '../domain/referral-access.js';
import { PatientDetailsNotFoundError, ReferralForbiddenError, ReferralNotFoundError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralConfig } from '../../referral.config.js';
import type { ReadPatientDetailsQuery } from './read-patient-details.query.js';

export interface Disclosure {
  readonly patient: DisclosedPatient;
  readonly fields: DisclosableField[];
  readonly consent: ConsentEntity | null;
  /** The version of the patient details disclosed. */
  readonly version: number;
  /** The 42 CFR 2.32 notice, with every disclosure to a facility; null for the referring planners and admins. */
  readonly redisclosureNotice: string | null;
}

/**
 * Discloses patient details: the latest version in full to the referring organisation and to admins;
 * to a facility only while its referral is open (or the patient was admitted there lately), only the
 * fields a valid consent for the stated purpose names, as of the version that consent was given for,
 * with the notice prohibiting redisclosure. Every read, allowed or denied, goes to the audit log with
 * its purpose, each entry committed on its own: a denial is recorded though the read fails.
 */
@Injectable()
export class ReadPatientDetailsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLogRepository,
    private readonly config: ReferralConfig,
  ) {}

  async execute(query: ReadPatientDetailsQuery): Promise<Disclosure> {
    const { referralId, actor, facilityId, purpose, now } = query;
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(actor, referral)) {
      await this.deny(query, facilityId, 'referral not visible to this account');
      throw new ReferralNotFoundError(referralId);
    }

    if (actor.role === 'admin' || isPlannerOf(actor, referral)) {
      const patient = await this.records.findPatient(referralId);
      if (!patient) {
        await this.deny(query, null, 'no patient details recorded');
        throw new PatientDetailsNotFoundError(referralId);
      }
      await this.record(actor, {
        action: 'read-patient-details',
        outcome: 'allowed',
        referralId,
        fields: [...DISCLOSABLE_FIELDS],
        detail: `purpose ${purpose}; patient details version ${patient.version}`,
      });
      const fields = [...DISCLOSABLE_FIELDS];
      return { patient: disclose(patient, fields), fields, consent: null, version: patient.version, redisclosureNotice: null };
    }

    if (facilityId !== null && !canManageFacility(actor, facilityId)) {
      await this.deny(query, facilityId, 'not staff of this facility');
      throw new ReferralForbiddenError(`you do not act for facility ${facilityId}`);
    }
    const tasks = (referral.tasks ?? []).filter(
      (task) => canManageFacility(actor, task.facilityId) && (facilityId === null || task.facilityId === facilityId),
    );
    const facts = taskAccessFacts(tasks, await this.records.admissionsOf(referralId));
    const consents = await this.records.consentsOf(referralId);
    let refusal: { facilityId: string | null; reason: string } | null = null;
    for (const recipient of new Set(tasks.map((task) => task.facilityId))) {
      const access = facilityMayReceive(facts, recipient, now, this.config.CONSENT_ADMISSION_WINDOW_DAYS);
      if (!access.allowed) {
        refusal ??= { facilityId: recipient, reason: access.reason };
        continue;
      }
      const consent = validConsentForPurpose(consents, recipient, purpose, now);
      if (!consent) {
        // A missing consent says more about what to do next than a closed referral of another facility.
        refusal = { facilityId: recipient, reason: consentRefusal(consents, recipient, purpose, now) };
        continue;
      }
      const patient = await this.records.findPatientVersion(referralId, consent.patientDetailsVersion);
      if (!patient) {
        await this.deny(query, recipient, `patient details version ${consent.patientDetailsVersion} not found`);
        throw new PatientDetailsNotFoundError(referralId);
      }
      await this.record(actor, {
        action: 'read-patient-details',
        outcome: 'allowed',
        referralId,
        facilityId: recipient,
        consentId: consent.id,
        fields: consent.disclosedFields,
        detail: `purpose ${purpose}; patient details version ${patient.version}`,
      });
      return {
        patient: disclose(patient, consent.disclosedFields),
        fields: consent.disclosedFields,
        consent,
        version: patient.version,
        redisclosureNotice: REDISCLOSURE_NOTICE,
      };
    }
    const reason =
      refusal?.reason ??
      (facilityId === null ? 'this referral was not sent to your facilities' : `this referral was not sent to facility ${facilityId}`);
    await this.deny(query, refusal?.facilityId ?? facilityId, reason);
    throw new ReferralForbiddenError(reason);
  }

  private deny(query: ReadPatientDetailsQuery, facilityId: string | null, reason: string): Promise<void> {
    return this.record(query.actor, {
      action: 'read-patient-details',
      outcome: 'denied',
      referralId: query.referralId,
      facilityId,
      detail: `purpose ${query.purpose}: ${reason}`,
    });
  }

  private record(actor: Principal, entry: AuditRecord): Promise<void> {
    return this.unitOfWork.run((tx) => this.audit.record(tx, actor, entry));
  }
}
