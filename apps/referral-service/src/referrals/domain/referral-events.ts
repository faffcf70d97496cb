import type { LevelOfCare, PatientPayer, ReferralSubmittedValue } from '#contracts';
import { eventNeedsOf, type StoredNeeds } from './referral-needs.js';

/** What a submitted referral holds that the matcher is told. */
export interface SubmittedReferral extends StoredNeeds {
  readonly id: string;
  readonly levelOfCare: LevelOfCare;
  readonly payer: PatientPayer;
  readonly originZip: string;
  readonly originLatitude: number;
  readonly originLongitude: number;
  readonly maxDistanceMiles: number;
  readonly acceptHigherLevels: boolean;
  readonly requireAccreditation: boolean;
  readonly submittedAt: Date;
}

/** The minimum the matcher needs: ids and clinical needs with the age band, never who the patient is nor the exact age. */
export function toSubmittedPayload(referral: SubmittedReferral): ReferralSubmittedValue {
  return {
    referralId: referral.id,
    levelOfCare: referral.levelOfCare,
    payer: referral.payer,
    origin: { zip: referral.originZip, latitude: referral.originLatitude, longitude: referral.originLongitude },
    maxDistanceMiles: referral.maxDistanceMiles,
    needs: eventNeedsOf(referral),
    acceptHigherLevels: referral.acceptHigherLevels,
    requireAccreditation: referral.requireAccreditation,
    submittedAt: new Date(referral.submittedAt).toISOString(),
  };
}
