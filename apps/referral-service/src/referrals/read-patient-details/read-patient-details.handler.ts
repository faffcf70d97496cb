import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canManageFacility, type Principal } from '#auth';
import { AuditLog } from '../../audit/audit.log.js';
import { disclose, DISCLOSABLE_FIELDS, validConsentFor, type DisclosableField, type DisclosedPatient } from '../consent-rules.js';
import type { ConsentEntity } from '../consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../patient-record.repository.port.js';
import { canSeeReferral, isPlannerOf } from '../referral-access.js';
import { PatientDetailsNotFoundError, ReferralForbiddenError, ReferralNotFoundError } from '../referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';

export interface Disclosure {
  readonly patient: DisclosedPatient;
  readonly fields: DisclosableField[];
  readonly consent: ConsentEntity | null;
}

/**
 * Discloses patient details: in full to the referring organisation and to admins; to a facility
 * only the fields a valid consent names, and only for a referral sent to it. Every read, allowed or
 * denied, goes to the audit log.
 */
@Injectable()
export class ReadPatientDetailsHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(referralId: string, actor: Principal, facilityId: string | null, now = new Date()): Promise<Disclosure> {
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(actor, referral)) {
      await this.deny(actor, referralId, facilityId, 'referral not visible to this account');
      throw new ReferralNotFoundError(referralId);
    }
    const manager = this.dataSource.manager;
    const patient = await this.records.findPatient(manager, referralId);
    if (!patient) throw new PatientDetailsNotFoundError(referralId);

    if (actor.role === 'admin' || isPlannerOf(actor, referral)) {
      await this.audit.record(actor, { action: 'read-patient-details', outcome: 'allowed', referralId, fields: [...DISCLOSABLE_FIELDS] });
      return { patient: disclose(patient, DISCLOSABLE_FIELDS), fields: [...DISCLOSABLE_FIELDS], consent: null };
    }

    const ownFacilities = (referral.tasks ?? [])
      .map((task) => task.facilityId)
      .filter((id) => canManageFacility(actor, id) && (facilityId === null || id === facilityId));
    const consents = await this.records.consentsOf(manager, referralId);
    for (const recipient of new Set(ownFacilities)) {
      const consent = validConsentFor(consents, recipient, now);
      if (!consent) continue;
      await this.audit.record(actor, {
        action: 'read-patient-details', outcome: 'allowed', referralId, facilityId: recipient, consentId: consent.id, fields: consent.disclosedFields,
      });
      return { patient: disclose(patient, consent.disclosedFields), fields: consent.disclosedFields, consent };
    }
    await this.deny(actor, referralId, ownFacilities[0] ?? facilityId, 'no valid consent names this facility');
    throw new ReferralForbiddenError(
      'no valid consent names your facility as recipient; the referring planner records the patient’s consent first',
    );
  }

  private deny(actor: Principal, referralId: string, facilityId: string | null, detail: string): Promise<void> {
    return this.audit.record(actor, { action: 'read-patient-details', outcome: 'denied', referralId, facilityId, detail });
  }
}
