import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { AuditLogRepository } from '../../audit/database/audit-log.repository.js';
import type { ConsentEntity } from '../database/consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { isPlannerOf } from '../domain/referral-access.js';
import { ReferralConflictError, ReferralNotFoundError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import type { RevokeConsentCommand } from './revoke-consent.command.js';

/** The patient withdraws a consent: from now on the facility sees nothing it covered. */
@Injectable()
export class RevokeConsentHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(command: RevokeConsentCommand): Promise<ConsentEntity> {
    const { referralId, consentId, actor, now } = command;
    return this.unitOfWork.run(async (tx) => {
      const referral = await this.referrals.lockForUpdate(tx, referralId);
      if (!referral || !isPlannerOf(actor, referral)) throw new ReferralNotFoundError(referralId);
      const consent = (await this.records.consentsOf(referralId, tx)).find((candidate) => candidate.id === consentId);
      if (!consent) throw new ReferralNotFoundError(referralId);
      if (consent.revokedAt) throw new ReferralConflictError('the consent is already revoked');
      await this.records.revokeConsent(tx, consentId, actor.sub, now);
      await this.audit.record(tx, actor, {
        action: 'revoke-consent',
        outcome: 'allowed',
        referralId,
        facilityId: consent.recipientFacilityId,
        consentId,
        fields: consent.disclosedFields,
      });
      return Object.assign(consent, { revokedAt: now, revokedBy: actor.sub });
    });
  }
}
