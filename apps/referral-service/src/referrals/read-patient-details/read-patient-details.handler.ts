import { Inject, Injectable } from '@nestjs/common';
import { canManageFacility, type Principal } from '#auth';
import { UnitOfWork } from '#persistence';
import { AuditLogRepository, type AuditRecord } from '../../audit/database/audit-log.repository.js';
import { disclose, DISCLOSABLE_FIELDS, validConsentFor, type DisclosableField, type DisclosedPatient } from '../domain/consent-rules.js';
import type { ConsentEntity } from '../database/consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { canSeeReferral, isPlannerOf } from '../domain/referral-access.js';
import { PatientDetailsNotFoundError, ReferralForbiddenError, ReferralNotFoundError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import type { ReadPatientDetailsQuery } from './read-patient-details.query.js';

export interface Disclosure {
  readonly patient: DisclosedPatient;
  readonly fields: DisclosableField[];
  readonly consent: ConsentEntity | null;
}

/**
 * Discloses patient details: in full to the referring organisation and to admins; to a facility
 * only the fields a valid consent names, and only for a referral sent to it. Every read, allowed or
 * denied, goes to the audit log, each entry committed on its own: a denial is recorded though the
 * read fails.
 */
@Injectable()
export class ReadPatientDetailsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(query: ReadPatientDetailsQuery): Promise<Disclosure> {
    const { referralId, actor, facilityId, now } = query;
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(actor, referral)) {
      await this.deny(actor, referralId, facilityId, 'referral not visible to this account');
      throw new ReferralNotFoundError(referralId);
    }
    const patient = await this.records.findPatient(referralId);
    if (!patient) throw new PatientDetailsNotFoundError(referralId);

    if (actor.role === 'admin' || isPlannerOf(actor, referral)) {
      await this.record(actor, { action: 'read-patient-details', outcome: 'allowed', referralId, fields: [...DISCLOSABLE_FIELDS] });
      return { patient: disclose(patient, DISCLOSABLE_FIELDS), fields: [...DISCLOSABLE_FIELDS], consent: null };
    }

    const ownFacilities = (referral.tasks ?? [])
      .map((task) => task.facilityId)
      .filter((id) => canManageFacility(actor, id) && (facilityId === null || id === facilityId));
    const consents = await this.records.consentsOf(referralId);
    for (const recipient of new Set(ownFacilities)) {
      const consent = validConsentFor(consents, recipient, now);
      if (!consent) continue;
      await this.record(actor, {
        action: 'read-patient-details',
        outcome: 'allowed',
        referralId,
        facilityId: recipient,
        consentId: consent.id,
        fields: consent.disclosedFields,
      });
      return { patient: disclose(patient, consent.disclosedFields), fields: consent.disclosedFields, consent };
    }
    await this.deny(actor, referralId, ownFacilities[0] ?? facilityId, 'no valid consent names this facility');
    throw new ReferralForbiddenError(
      'no valid consent names your facility as recipient; the referring planner records the patient’s consent first',
    );
  }

  private deny(actor: Principal, referralId: string, facilityId: string | null, detail: string): Promise<void> {
    return this.record(actor, { action: 'read-patient-details', outcome: 'denied', referralId, facilityId, detail });
  }

  private record(actor: Principal, entry: AuditRecord): Promise<void> {
    return this.unitOfWork.run((tx) => this.audit.record(tx, actor, entry));
  }
}
