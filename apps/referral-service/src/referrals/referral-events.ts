import type { ReferralSubmittedValue } from '#contracts';
import type { ReferralEntity } from './referral.entity.js';
import { patientNeedsOf } from './referral-needs.js';

/** The minimum the matcher needs: ids and clinical needs, never who the patient is. */
export function toSubmittedPayload(referral: ReferralEntity): ReferralSubmittedValue {
  return {
    referralId: referral.id,
    levelOfCare: referral.levelOfCare,
    payer: referral.payer,
    origin: { zip: referral.originZip, latitude: referral.originLatitude, longitude: referral.originLongitude },
    maxDistanceMiles: referral.maxDistanceMiles,
    needs: patientNeedsOf(referral),
    acceptHigherLevels: referral.acceptHigherLevels,
    requireAccreditation: referral.requireAccreditation,
    submittedAt: new Date(referral.submittedAt).toISOString(),
  };
}
