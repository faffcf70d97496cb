import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { AuditLogRepository } from '../../audit/database/audit-log.repository.js';
import { fullNameOf, MAX_CONSENT_DAYS } from '../domain/consent-rules.js';
import { ConsentEntity } from '../database/consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { isPlannerOf } from '../domain/referral-access.js';
import { InvalidReferralError, ReferralNotFoundError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import type { RecordConsentCommand } from './record-consent.command.js';

/** Records the patient's consent to disclose to one facility: patient, discloser, recipient, purpose, what, until when. */
@Injectable()
export class RecordConsentHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(command: RecordConsentCommand): Promise<ConsentEntity> {
    const { referralId, actor, now } = command;
    if (command.expiresAt.getTime() <= now.getTime()) throw new InvalidReferralError('expiresAt', 'expiresAt must be in the future');
    if (command.expiresAt.getTime() > now.getTime() + MAX_CONSENT_DAYS * 86_400_000) {
      throw new InvalidReferralError('expiresAt', `a consent lasts at most ${MAX_CONSENT_DAYS} days`);
    }
    return this.unitOfWork.run(async (tx) => {
      const referral = await this.referrals.lockForUpdate(tx, referralId);
      if (!referral || !isPlannerOf(actor, referral)) throw new ReferralNotFoundError(referralId);
      const patient = await this.records.findPatient(referralId, tx);
      if (!patient)
        throw new InvalidReferralError('patient', 'record the patient’s details (PUT /api/referrals/{id}/patient) before their consent');
      const matches = await this.referrals.matchesOf(tx, referralId);
      const tasks = await this.referrals.tasksOf(tx, referralId);
      const recipient =
        matches.find((match) => match.facilityId === command.recipientFacilityId)?.facilityName ??
        tasks.find((task) => task.facilityId === command.recipientFacilityId)?.facilityName;
      if (!recipient) throw new InvalidReferralError('recipientFacilityId', 'the recipient must be one of this referral’s matches');
      const consent = Object.assign(new ConsentEntity(), {
        id: randomUUID(),
        referralId,
        patientName: fullNameOf(patient),
        // The consent discloses the details as they stand now; a later PUT makes a version it does not cover.
        patientDetailsVersion: patient.version,
        discloser: `${actor.organization ?? 'admin'} (account ${actor.sub})`,
        recipientFacilityId: command.recipientFacilityId,
        recipientName: recipient,
        purpose: command.purpose,
        disclosedFields: [...command.disclosedFields],
        expiresAt: command.expiresAt,
        recordedBy: actor.sub,
        recordedAt: now,
        revokedAt: null,
        revokedBy: null,
      });
      await this.records.insertConsent(tx, consent);
      await this.audit.record(tx, actor, {
        action: 'record-consent',
        outcome: 'allowed',
        referralId,
        facilityId: consent.recipientFacilityId,
        consentId: consent.id,
        fields: consent.disclosedFields,
        detail: `purpose ${consent.purpose}; patient details version ${consent.patientDetailsVersion}`,
      });
      return consent;
    });
  }
}
