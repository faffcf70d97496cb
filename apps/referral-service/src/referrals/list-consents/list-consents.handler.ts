import { Inject, Injectable } from '@nestjs/common';
import { canManageFacility, type Principal } from '#auth';
import { UnitOfWork } from '#persistence';
import { AuditLogRepository, type AuditRecord } from '../../audit/database/audit-log.repository.js';
import { consentShowsName, consentsListedToStaff, facilityMayReceive, taskAccessFacts } from '../domain/consent-rules.js';
import type { ConsentEntity } from '../database/consent.entity.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { canSeeReferral, isPlannerOf } from '../domain/referral-access.js';
import { ReferralNotFoundError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralConfig } from '../../referral.config.js';
import type { ListConsentsQuery } from './list-consents.query.js';

/** One consent as the reader may see it: with the patient's name or without. */
export interface ListedConsent {
  readonly consent: ConsentEntity;
  readonly showName: boolean;
}

/**
 * The consents of a referral. The referring planners and admins see all of them, names included.
 * Facility staff see only current ones (not expired, not revoked) naming their facilities, and the
 * patient's name only under a current consent that discloses it while their facility may still
 * receive details (its referral open, or the patient admitted lately). Every read, allowed or denied,
 * goes to the audit log, each entry committed on its own.
 */
@Injectable()
export class ListConsentsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
    private readonly audit: AuditLogRepository,
    private readonly config: ReferralConfig,
  ) {}

  async execute(query: ListConsentsQuery): Promise<ListedConsent[]> {
    const { referralId, actor, now } = query;
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(actor, referral)) {
      await this.record(actor, { action: 'read-consents', outcome: 'denied', referralId, detail: 'referral not visible to this account' });
      throw new ReferralNotFoundError(referralId);
    }
    const consents = await this.records.consentsOf(referralId);
    let listed: ListedConsent[];
    if (isPlannerOf(actor, referral)) {
      listed = consents.map((consent) => ({ consent, showName: true }));
    } else {
      const tasks = (referral.tasks ?? []).filter((task) => canManageFacility(actor, task.facilityId));
      const facts = taskAccessFacts(tasks, await this.records.admissionsOf(referralId));
      const window = this.config.CONSENT_ADMISSION_WINDOW_DAYS;
      listed = consentsListedToStaff(consents, (facilityId) => canManageFacility(actor, facilityId), now).map((consent) => ({
        consent,
        showName: consentShowsName(consent, now) && facilityMayReceive(facts, consent.recipientFacilityId, now, window).allowed,
      }));
    }
    const named = listed.filter((item) => item.showName);
    const facilities = [...new Set(listed.map((item) => item.consent.recipientFacilityId))];
    await this.record(actor, {
      action: 'read-consents',
      outcome: 'allowed',
      referralId,
      facilityId: isPlannerOf(actor, referral) || facilities.length !== 1 ? null : facilities[0],
      fields: named.length > 0 ? ['name'] : [],
      detail:
        `${listed.length} of ${consents.length} consents listed` +
        (named.length > 0 ? `; the patient's name shown under ${named.map((item) => item.consent.id).join(', ')}` : ''),
    });
    return listed;
  }

  private record(actor: Principal, entry: AuditRecord): Promise<void> {
    return this.unitOfWork.run((tx) => this.audit.record(tx, actor, entry));
  }
}
