import { ageBandOf, type PatientNeedsValue } from '#contracts';
import type { PatientNeeds } from '#matching';

/**
 * A referral's clinical needs as planners and facility staff read them over the API: the exact age,
 * which the referral service keeps. Events carry only its band (PatientNeedsValue).
 */
export type ReferralNeeds = Omit<Required<PatientNeedsValue>, 'ageBand'> & { ageYears: number };

/** The needs a planner submits: what matching reads, with the exact age the band is derived from. */
export type SubmittedNeeds = Omit<PatientNeeds, 'ageBand'> & { readonly ageYears: number };

/** A referral's clinical needs as stored, one column each. */
export type StoredNeeds = Readonly<ReferralNeeds>;

/** The patient's clinical needs as the planner and the facility inbox read them, with the exact age. */
export function patientNeedsOf(referral: StoredNeeds): ReferralNeeds {
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
 * The needs as events carry them to the matcher (minimum necessary): the age band the rules read,
 * never the exact age, birth date or anything that says who the patient is.
 */
export function eventNeedsOf(referral: StoredNeeds): Required<PatientNeedsValue> {
  const { ageYears, ...needs } = patientNeedsOf(referral);
  return { ...needs, ageBand: ageBandOf(ageYears) };
}

/**
 * The needs as the HTTP API answers them: the stored needs plus the deprecated `courtOrdered`, derived
 * from `courtOrder`, for clients written before the court order had a kind.
 */
export function patientNeedsResponseOf(referral: StoredNeeds): ReferralNeeds & { courtOrdered: boolean } {
  return { ...patientNeedsOf(referral), courtOrdered: referral.courtOrder !== null };
}
