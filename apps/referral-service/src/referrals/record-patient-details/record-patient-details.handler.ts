import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '#auth';
import { AuditLog } from '../../audit/audit.log.js';
import { PatientDetailsEntity } from '../patient-details.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../patient-record.repository.port.js';
import { isPlannerOf } from '../referral-access.js';
import { InvalidReferralError, ReferralNotFoundError } from '../referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';
import type { RecordPatientDetailsRequestDto } from './record-patient-details.request.dto.js';

/** The referring planner records who the patient is; the write itself is audited. */
@Injectable()
export class RecordPatientDetailsHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(referralId: string, details: RecordPatientDetailsRequestDto, actor: Principal, now = new Date()): Promise<PatientDetailsEntity> {
    const birth = Date.parse(`${details.birthDate}T00:00:00Z`);
    if (!(birth < now.getTime()) || birth < Date.parse('1900-01-01T00:00:00Z')) {
      throw new InvalidReferralError('birthDate', 'birthDate must be a real date between 1900 and today');
    }
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.referrals.lockForUpdate(manager, referralId);
      if (!referral || !isPlannerOf(actor, referral)) throw new ReferralNotFoundError(referralId);
      const patient = Object.assign(new PatientDetailsEntity(), {
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
      await this.records.savePatient(manager, patient);
      const fields = ['name', 'birthDate', ...(['phone', 'address', 'medicalRecordNumber', 'clinicalSummary'] as const).filter((field) => patient[field] !== null)];
      await this.audit.record(actor, { action: 'record-patient-details', outcome: 'allowed', referralId, fields }, manager);
      return patient;
    });
  }
}
