import type { PatientNeedsValue } from '#contracts';
import type { ReferralEntity } from './referral.entity.js';

/** The patient's clinical needs as every reader of a referral gets them: matcher, planner, facility inbox. */
export function patientNeedsOf(referral: ReferralEntity): Required<PatientNeedsValue> {
  return {
    gender: referral.gender,
    ageYears: referral.ageYears,
    pregnant: referral.pregnant,
    coOccurringMentalIllness: referral.coOccurringMentalIllness,
    courtOrdered: referral.courtOrdered,
    medication: referral.medication,
    language: referral.language,
  };
}
