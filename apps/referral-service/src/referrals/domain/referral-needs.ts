import type { PatientNeedsValue } from '#contracts';

/** A referral's clinical needs as stored, one column each. */
export type StoredNeeds = Readonly<Required<PatientNeedsValue>>;

/** The patient's clinical needs as every reader of a referral gets them: matcher, planner, facility inbox. */
export function patientNeedsOf(referral: StoredNeeds): Required<PatientNeedsValue> {
  return {
    gender: referral.gender,
    ageYears: referral.ageYears,
    pregnant: referral.pregnant,
    coOccurringMentalIllness: referral.coOccurringMentalIllness,
    substances: [...referral.substances],
    courtOrder: referral.courtOrder,
    medication: referral.medication,
    startMedication: referral.startMedication,
    bedsForChildren: referral.bedsForChildren,
    childcare: referral.childcare,
    language: referral.language,
  };
}

/**
 * The needs as the HTTP API answers them: the Kafka shape plus the deprecated `courtOrdered`, derived
 * from `courtOrder`, for clients written before the court order had a kind.
 */
export function patientNeedsResponseOf(referral: StoredNeeds): Required<PatientNeedsValue> & { courtOrdered: boolean } {
  return { ...patientNeedsOf(referral), courtOrdered: referral.courtOrder !== null };
}
