import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '#auth';
import { AuditLog } from '../../audit/audit.log.js';
import type { ConsentEntity } from '../consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../patient-record.repository.port.js';
import { isPlannerOf } from '../referral-access.js';
import { ReferralConflictError, ReferralNotFoundError } from '../referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';

/** The patient withdraws a consent: from now on the facility sees nothing it covered. */
@Injectable()
export class RevokeConsentHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(referralId: string, consentId: string, actor: Principal, now = new Date()): Promise<ConsentEntity> {
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.referrals.lockForUpdate(manager, referralId);
      if (!referral || !isPlannerOf(actor, referral)) throw new ReferralNotFoundError(referralId);
      const consent = (await this.records.consentsOf(manager, referralId)).find((candidate) => candidate.id === consentId);
      if (!consent) throw new ReferralNotFoundError(referralId);
      if (consent.revokedAt) throw new ReferralConflictError('the consent is already revoked');
      await this.records.revokeConsent(manager, consentId, actor.sub, now);
      await this.audit.record(
        actor,
        { action: 'revoke-consent', outcome: 'allowed', referralId, facilityId: consent.recipientFacilityId, consentId, fields: consent.disclosedFields },
        manager,
      );
      return Object.assign(consent, { revokedAt: now, revokedBy: actor.sub });
    });
  }
}
