import { LEVEL_OF_CARE_DEFINITIONS, type ReferralSubmittedValue } from '#contracts';
import type { MatchRequest } from '#matching';

/** What the matcher's configuration adds to every search. */
export interface MatchSettings {
  readonly staleAfterHours: number;
  readonly limit: number;
}

/**
 * The search for one referral.submitted.v3 event, as of `asOf`: the acceptable and suggested levels
 * come from the level's definition, and the event's optional needs (absent = none) become explicit.
 * The benchmark builds its searches here too, so it measures what the matcher runs.
 */
export function matchRequestOf(
  referral: Pick<
    ReferralSubmittedValue,
    'levelOfCare' | 'acceptHigherLevels' | 'requireAccreditation' | 'payer' | 'origin' | 'maxDistanceMiles' | 'needs'
  >,
  asOf: Date,
  settings: MatchSettings,
): MatchRequest {
  const { needs } = referral;
  const definition = LEVEL_OF_CARE_DEFINITIONS[referral.levelOfCare];
  return {
    levelOfCare: referral.levelOfCare,
    acceptableLevels: referral.acceptHigherLevels ? [referral.levelOfCare, ...definition.higherLevels] : [referral.levelOfCare],
    higherLevelsForSuggestions: definition.higherLevels,
    nextStepLevels: definition.nextStep ?? [],
    requireAccreditation: referral.requireAccreditation ?? false,
    payer: referral.payer,
    origin: referral.origin,
    maxDistanceMiles: referral.maxDistanceMiles,
    needs: {
      gender: needs.gender,
      ageBand: needs.ageBand,
      pregnant: needs.pregnant,
      coOccurringMentalIllness: needs.coOccurringMentalIllness,
      substances: needs.substances,
      courtOrder: needs.courtOrder ?? null,
      medication: needs.medication ?? null,
      startMedication: needs.startMedication ?? null,
      bedsForChildren: needs.bedsForChildren ?? false,
      childcare: needs.childcare ?? false,
      language: needs.language ?? null,
    },
    asOf,
    staleAfterHours: settings.staleAfterHours,
    limit: settings.limit,
  };
}
