import {
  ageBandOf,
  type Gender,
  type Language,
  type LevelOfCare,
  type CourtOrder,
  type Medication,
  type PatientPayer,
  type ReferralSubmittedValue,
  type Substance,
} from '#contracts';
import type { BenchFacility } from './directory.js';
import type { Prng } from './prng.js';

/** A referral as the matcher receives it on referral.submitted.v3 (clinical needs and the age band only). */
export interface BenchReferral {
  readonly number: number;
  readonly levelOfCare: LevelOfCare;
  readonly acceptHigherLevels: boolean;
  readonly requireAccreditation: boolean;
  readonly payer: PatientPayer;
  readonly origin: { readonly zip: string; readonly latitude: number; readonly longitude: number };
  readonly maxDistanceMiles: number;
  /** As the event carries them; the optional fields are always set here. */
  readonly needs: ReferralSubmittedValue['needs'];
}

const PAYER_MIX: readonly (readonly [PatientPayer, number])[] = [
  ['medicaid', 0.36],
  ['private-insurance', 0.17],
  ['uninsured', 0.15],
  ['medicare', 0.1],
  ['state-financed', 0.07],
  ['self-pay', 0.06],
  ['tricare', 0.04],
  ['va', 0.03],
  ['ihs-tribal', 0.02],
];

/**
 * What the patient needs treatment for: alcohol and opioids lead, often with a second substance
 * (stimulants with opioids, benzodiazepines with alcohol or opioids), as in treatment admissions.
 */
const SUBSTANCE_MIX: readonly (readonly [readonly Substance[], number])[] = [
  [['alcohol'], 0.25],
  [['opioids'], 0.22],
  [['opioids', 'stimulants'], 0.1],
  [['stimulants'], 0.08],
  [['alcohol', 'sedatives'], 0.06],
  [['alcohol', 'stimulants'], 0.05],
  [['opioids', 'sedatives'], 0.05],
  [['opioids', 'alcohol'], 0.05],
  [['cannabis'], 0.04],
  [['alcohol', 'cannabis'], 0.04],
  [['sedatives'], 0.03],
  [['opioids', 'alcohol', 'stimulants'], 0.02],
  [['other'], 0.01],
];

/** A medication for opioid use disorder the patient takes now: forms as a referral states them (bare = form not stated). */
const CONTINUE_MOUD_MIX: readonly (readonly [Medication, number])[] = [
  ['methadone', 0.35],
  ['buprenorphine', 0.22],
  ['buprenorphine-sublingual', 0.15],
  ['buprenorphine-extended-release', 0.1],
  ['naltrexone-extended-release', 0.08],
  ['naltrexone', 0.04],
  ['naltrexone-oral', 0.03],
  ['buprenorphine-implant', 0.03],
];

/** A medication for alcohol use disorder the patient takes now. */
const CONTINUE_ALCOHOL_MIX: readonly (readonly [Medication, number])[] = [
  ['naltrexone-oral', 0.3],
  ['acamprosate', 0.3],
  ['naltrexone-extended-release', 0.2],
  ['disulfiram', 0.15],
  ['naltrexone', 0.05],
];

/** A medication for opioid use disorder to start. */
const START_MOUD_MIX: readonly (readonly [Medication, number])[] = [
  ['buprenorphine', 0.4],
  ['methadone', 0.2],
  ['buprenorphine-sublingual', 0.15],
  ['naltrexone-extended-release', 0.15],
  ['buprenorphine-extended-release', 0.1],
];

/** A medication for alcohol use disorder to start. */
const START_ALCOHOL_MIX: readonly (readonly [Medication, number])[] = [
  ['naltrexone', 0.3],
  ['acamprosate', 0.3],
  ['naltrexone-oral', 0.15],
  ['naltrexone-extended-release', 0.15],
  ['disulfiram', 0.1],
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

/** The patient's medications: one to continue (about 18 %), else sometimes one to start (about 9 %), drawn by the substances named. */
function medicationsFor(
  prng: Prng,
  substances: readonly Substance[],
): { medication: Medication | null; startMedication: Medication | null } {
  const opioids = substances.includes('opioids');
  const alcohol = substances.includes('alcohol');
  if (opioids && prng.chance(0.3)) return { medication: prng.weighted(CONTINUE_MOUD_MIX), startMedication: null };
  if (alcohol && prng.chance(0.1)) return { medication: prng.weighted(CONTINUE_ALCOHOL_MIX), startMedication: null };
  if (opioids && prng.chance(0.15)) return { medication: null, startMedication: prng.weighted(START_MOUD_MIX) };
  if (alcohol && prng.chance(0.1)) return { medication: null, startMedication: prng.weighted(START_ALCOHOL_MIX) };
  return { medication: null, startMedication: null };
}

/** A DUI/DWI order mostly behind alcohol referrals; other court orders (drug courts, probation) for any. */
function courtOrderFor(prng: Prng, substances: readonly Substance[]): CourtOrder | null {
  if (substances.includes('alcohol') && prng.chance(0.06)) return 'dui';
  if (prng.chance(0.06)) return 'other';
  return null;
}

/**
 * A fixed, seeded set of referrals. The level of care is drawn from a random real facility's
 * programs (so levels come in the mix the directory offers them), the origin is that facility's ZIP
 * centroid moved by up to ±0.05°, the distance limit 25–100 mi, and the patient's coverage and needs
 * from a plausible mix: one or more substances, a medication to continue or to start that fits
 * them, a court order of either kind, now and then children who come along.
 */
export function makeReferrals(real: readonly BenchFacility[], count: number, prng: Prng): BenchReferral[] {
  const referrals: BenchReferral[] = [];
  for (let number = 1; number <= count; number += 1) {
    const anchor = prng.pick(real);
    const levelOfCare = prng.pick(anchor.levelsOfCare);
    const adolescent = prng.chance(0.08);
    const ageYears = adolescent ? prng.int(13, 17) : prng.int(18, 78);
    const gender: Gender = prng.chance(0.58) ? 'male' : 'female';
    const substances: Substance[] = [...prng.weighted(SUBSTANCE_MIX)];
    const { medication, startMedication } = medicationsFor(prng, substances);
    const parent = ageYears >= 18 && ageYears <= 50;
    const residential = levelOfCare === 'residential-short-term' || levelOfCare === 'residential-long-term';
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
        // The age shapes the rest of the draw (pregnancy, children); the event carries only its band.
        ageBand: ageBandOf(ageYears),
        pregnant: gender === 'female' && ageYears >= 16 && ageYears <= 45 && prng.chance(0.15),
        coOccurringMentalIllness: prng.chance(0.35),
        substances,
        courtOrder: courtOrderFor(prng, substances),
        medication,
        startMedication,
        // Rare: a mother whose children come with her to residential care, or a parent who needs childcare to attend.
        bedsForChildren: parent && gender === 'female' && residential && prng.chance(0.05),
        childcare: parent && prng.chance(0.03),
        language: prng.chance(0.08) ? prng.weighted(LANGUAGE_MIX) : null,
      },
    });
  }
  return referrals;
}
