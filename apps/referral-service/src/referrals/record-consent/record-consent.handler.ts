import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '#auth';
import { AuditLog } from '../../audit/audit.log.js';
import { fullNameOf, MAX_CONSENT_DAYS } from '../consent-rules.js';
import { ConsentEntity } from '../consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../patient-record.repository.port.js';
import { isPlannerOf } from '../referral-access.js';
import { InvalidReferralError, ReferralNotFoundError } from '../referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';
import type { RecordConsentRequestDto } from './record-consent.request.dto.js';

/** Records the patient's consent to disclose to one facility: patient, discloser, recipient, purpose, what, until when. */
@Injectable()
export class RecordConsentHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(referralId: string, request: RecordConsentRequestDto, actor: Principal, now = new Date()): Promise<ConsentEntity> {
    if (request.expiresAt.getTime() <= now.getTime()) throw new InvalidReferralError('expiresAt', 'expiresAt must be in the future');
    if (request.expiresAt.getTime() > now.getTime() + MAX_CONSENT_DAYS * 86_400_000) {
      throw new InvalidReferralError('expiresAt', `a consent lasts at most ${MAX_CONSENT_DAYS} days`);
    }
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.referrals.lockForUpdate(manager, referralId);
      if (!referral || !isPlannerOf(actor, referral)) throw new ReferralNotFoundError(referralId);
      const patient = await this.records.findPatient(manager, referralId);
      if (!patient) throw new InvalidReferralError('patient', 'record the patient’s details (PUT /api/referrals/{id}/patient) before their consent');
      const matches = await this.referrals.matchesOf(manager, referralId);
      const tasks = await this.referrals.tasksOf(manager, referralId);
      const recipient =
        matches.find((match) => match.facilityId === request.recipientFacilityId)?.facilityName ??
        tasks.find((task) => task.facilityId === request.recipientFacilityId)?.facilityName;
      if (!recipient) throw new InvalidReferralError('recipientFacilityId', 'the recipient must be one of this referral’s matches');
      const consent = Object.assign(new ConsentEntity(), {
        id: randomUUID(),
        referralId,
        patientName: fullNameOf(patient),
        discloser: `${actor.organization ?? 'admin'} (account ${actor.sub})`,
        recipientFacilityId: request.recipientFacilityId,
        recipientName: recipient,
        purpose: request.purpose,
        disclosedFields: [...request.disclosedFields],
        expiresAt: request.expiresAt,
        recordedBy: actor.sub,
        recordedAt: now,
        revokedAt: null,
        revokedBy: null,
      });
      await this.records.insertConsent(manager, consent);
      await this.audit.record(
        actor,
        { action: 'record-consent', outcome: 'allowed', referralId, facilityId: consent.recipientFacilityId, consentId: consent.id, fields: consent.disclosedFields },
        manager,
      );
      return consent;
    });
  }
}
