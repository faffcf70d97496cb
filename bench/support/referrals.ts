import {
  LEVEL_OF_CARE_DEFINITIONS,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type PatientPayer,
} from '#contracts';
import type { MatchRequest, PatientNeeds } from '#matching';
import type { BenchFacility } from './directory.js';
import type { Prng } from './prng.js';

/** A referral as the matcher receives it on referral.submitted.v1 (clinical needs only). */
export interface BenchReferral {
  readonly number: number;
  readonly levelOfCare: LevelOfCare;
  readonly acceptHigherLevels: boolean;
  readonly requireAccreditation: boolean;
  readonly payer: PatientPayer;
  readonly origin: { readonly zip: string; readonly latitude: number; readonly longitude: number };
  readonly maxDistanceMiles: number;
  readonly needs: PatientNeeds;
}

const PAYER_MIX: readonly (readonly [PatientPayer, number])[] = [
  ['medicaid', 0.38],
  ['private-insurance', 0.18],
  ['uninsured', 0.16],
  ['medicare', 0.1],
  ['state-financed', 0.08],
  ['self-pay', 0.06],
  ['tricare', 0.04],
];

const MEDICATION_MIX: readonly (readonly [Medication, number])[] = [
  ['buprenorphine', 0.45],
  ['methadone', 0.3],
  ['naltrexone-extended-release', 0.1],
  ['buprenorphine-extended-release', 0.1],
  ['naltrexone-oral', 0.05],
];

const LANGUAGE_MIX: readonly (readonly [Language, number])[] = [
  ['spanish', 0.7],
  ['american-sign-language', 0.08],
  ['chinese', 0.06],
  ['vietnamese', 0.05],
  ['russian', 0.04],
  ['korean', 0.04],
  ['haitian-creole', 0.03],
];

/**
 * A fixed, seeded set of referrals. The level of care is drawn from a random real facility's
 * programs (so levels come in the mix the directory offers them), the origin is that facility's ZIP
 * centroid moved by up to ±0.05°, the distance limit 25–100 mi, and the patient's coverage and needs
 * from a plausible mix.
 */
export function makeReferrals(real: readonly BenchFacility[], count: number, prng: Prng): BenchReferral[] {
  const referrals: BenchReferral[] = [];
  for (let number = 1; number <= count; number += 1) {
    const anchor = prng.pick(real);
    const levelOfCare = prng.pick(anchor.levelsOfCare);
    const adolescent = prng.chance(0.08);
    const ageYears = adolescent ? prng.int(13, 17) : prng.int(18, 78);
    const gender: Gender = prng.chance(0.58) ? 'male' : 'female';
    referrals.push({
      number,
      levelOfCare,
      acceptHigherLevels: prng.chance(0.3),
      requireAccreditation: prng.chance(0.1),
      payer: prng.weighted(PAYER_MIX),
      origin: {
        zip: anchor.zip,
        latitude: anchor.latitude + prng.uniform(-0.05, 0.05),
        longitude: anchor.longitude + prng.uniform(-0.05, 0.05),
      },
      maxDistanceMiles: prng.int(25, 100),
      needs: {
        gender,
        ageYears,
        pregnant: gender === 'female' && ageYears >= 16 && ageYears <= 45 && prng.chance(0.15),
        coOccurringMentalIllness: prng.chance(0.35),
        courtOrdered: prng.chance(0.08),
        medication: prng.chance(0.2) ? prng.weighted(MEDICATION_MIX) : null,
        language: prng.chance(0.08) ? prng.weighted(LANGUAGE_MIX) : null,
      },
    });
  }
  return referrals;
}

/** The request exactly as MatchReferralHandler builds it from a referral.submitted.v1 event. */
export function toMatchRequest(referral: BenchReferral, asOf: Date, staleAfterHours: number, limit: number): MatchRequest {
  const definition = LEVEL_OF_CARE_DEFINITIONS[referral.levelOfCare];
  return {
    levelOfCare: referral.levelOfCare,
    acceptableLevels: referral.acceptHigherLevels ? [referral.levelOfCare, ...definition.higherLevels] : [referral.levelOfCare],
    higherLevelsForSuggestions: definition.higherLevels,
    nextStepLevels: definition.nextStep ?? [],
    requireAccreditation: referral.requireAccreditation,
    payer: referral.payer,
    origin: referral.origin,
    maxDistanceMiles: referral.maxDistanceMiles,
    needs: referral.needs,
    asOf,
    staleAfterHours,
    limit,
  };
}
