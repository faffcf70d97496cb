import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { AuditLogRepository } from '../../audit/database/audit-log.repository.js';
import type { PatientDetailsEntity } from '../database/patient-details.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { isPlannerOf } from '../domain/referral-access.js';
import { InvalidReferralError, ReferralNotFoundError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import type { RecordPatientDetailsCommand } from './record-patient-details.command.js';

/**
 * The referring planner records who the patient is, as a new version: earlier versions stay, so each
 * consent keeps disclosing the version it was given for. The write itself is audited.
 */
@Injectable()
export class RecordPatientDetailsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(command: RecordPatientDetailsCommand): Promise<PatientDetailsEntity> {
    const { referralId, details, actor, now } = command;
    const birth = Date.parse(`${details.birthDate}T00:00:00Z`);
    if (!(birth < now.getTime()) || birth < Date.parse('1900-01-01T00:00:00Z')) {
      throw new InvalidReferralError('birthDate', 'birthDate must be a real date between 1900 and today');
    }
    return this.unitOfWork.run(async (tx) => {
      const referral = await this.referrals.lockForUpdate(tx, referralId);
      if (!referral || !isPlannerOf(actor, referral)) throw new ReferralNotFoundError(referralId);
      const patient = await this.records.appendPatientVersion(tx, {
        referralId,
        givenName: details.givenName,
        familyName: details.familyName,
        birthDate: details.birthDate,
        phone: details.phone ?? null,
        address: details.address ?? null,
        medicalRecordNumber: details.medicalRecordNumber ?? null,
        clinicalSummary: details.clinicalSummary ?? null,
        recordedBy: actor.sub,
        recordedAt: now,
      });
      const fields = [
        'name',
        'birthDate',
        ...(['phone', 'address', 'medicalRecordNumber', 'clinicalSummary'] as const).filter((field) => patient[field] !== null),
      ];
      await this.audit.record(tx, actor, {
        action: 'record-patient-details',
        outcome: 'allowed',
        referralId,
        fields,
        detail: `patient details version ${patient.version}`,
      });
      return patient;
    });
  }
}
