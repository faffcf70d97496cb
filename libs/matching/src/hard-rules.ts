import type { LevelOfCare } from '#contracts';
import type { ExclusionRule } from '#vocabulary';
import {
  BED_AVAILABLE,
  BED_CONFIRMED,
  BED_LEVEL,
  BED_STAFFED,
  BED_STRIDE,
  BED_TYPE,
  hasValue,
  SHARED_BIT,
  type FacilityFacts,
  type FactsSummary,
  type RuleFacts,
} from './facility-facts.js';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { distanceMilesWithCosines } from './geo-distance.js';
import { asOfDayOf, holdsAll, holdsAny, surelyHoldsAny, type Criteria, type MedicationCriteria, type ValueSet } from './match-criteria.js';

// The hard rules as the search runs them: over compiled facts (bit masks), without building text or
// allocating, as they run for every facility within reach. The same rules, stated plainly and with their
// words, are in reference-rules.ts; a property test holds the two to the same verdicts.

/** distanceMiles from the request's origin, with both cosines worked out beforehand. */
export function distanceTo(criteria: Criteria, facts: FacilityFacts): number {
  return distanceMilesWithCosines(
    criteria.originLatitude,
    criteria.originLongitude,
    criteria.originCos,
    facts.latitude,
    facts.longitude,
    facts.cosLatitude,
  );
}

/** Where the bed lines of one level stand for the patient; reused from facility to facility. */
export interface BedTally {
  level: LevelOfCare | undefined;
  /** Lines at the level, of any type; those whose type fits the patient; those of them confirmed recently enough. */
  levelLines: number;
  fitting: number;
  fresh: number;
  /** Over the fresh fitting lines: */
  available: number;
  staffed: number;
  lastConfirmed: number;
  /** A mask of BED_TYPE_BITS. */
  freshTypes: number;
}

export const newTally = (): BedTally => ({
  level: undefined,
  levelLines: 0,
  fitting: 0,
  fresh: 0,
  available: 0,
  staffed: 0,
  lastConfirmed: -Infinity,
  freshTypes: 0,
});

/** Counts the beds that count at one level into `tally`: lines whose type fits the patient, confirmed recently enough. */
function tallyBeds(criteria: Criteria, facts: FacilityFacts, level: LevelOfCare, levelBit: number, tally: BedTally): void {
  tally.level = level;
  tally.levelLines = 0;
  tally.fitting = 0;
  tally.fresh = 0;
  tally.available = 0;
  tally.staffed = 0;
  tally.lastConfirmed = -Infinity;
  tally.freshTypes = 0;
  const { beds } = facts;
  for (let at = 0; at < beds.length; at += BED_STRIDE) {
    if (beds[at + BED_LEVEL] !== levelBit) continue;
    if (levelBit === SHARED_BIT && facts.facility.beds[at / BED_STRIDE]!.levelOfCare !== level) continue;
    tally.levelLines += 1;
    const type = beds[at + BED_TYPE]!;
    if ((type & criteria.bedTypes) === 0) continue;
    tally.fitting += 1;
    const confirmed = beds[at + BED_CONFIRMED]!;
    // Stale exactly as isBedCountStale decides: an unreadable time (NaN) counts as stale.
    if (!(criteria.asOfMs - confirmed <= criteria.staleAfterMs)) continue;
    tally.fresh += 1;
    tally.available += beds[at + BED_AVAILABLE]!;
    tally.staffed += beds[at + BED_STAFFED]!;
    if (confirmed > tally.lastConfirmed) tally.lastConfirmed = confirmed;
    tally.freshTypes |= type;
  }
}

/** The bed rule a tally fails, or undefined when it holds a free bed. */
function bedRule(tally: BedTally): 'no-bed' | 'stale-count' | undefined {
  if (tally.fitting === 0) return 'no-bed';
  if (tally.fresh === 0) return 'stale-count';
  if (tally.available < 1) return 'no-bed';
  return undefined;
}

/**
 * The first hard rule after `inactive` and `distance` that the facility fails, or undefined when it
 * fits; `tally` then holds the beds at the level found (the first of `criteria.levels` the facility
 * offers with a free, fresh bed that fits the patient).
 */
export function ruleInReach(criteria: Criteria, facts: FacilityFacts, tally: BedTally): ExclusionRule | undefined {
  const { facility } = facts;
  let offered = false;
  let firstMiss: 'no-bed' | 'stale-count' | undefined;
  let fits = false;
  for (let at = 0; at < criteria.levels.length; at += 1) {
    const level = criteria.levels[at]!;
    const levelBit = criteria.levelBits[at]!;
    if (!hasValue(facts.levels, levelBit, facility.levelsOfCare, level)) continue;
    offered = true;
    tallyBeds(criteria, facts, level, levelBit, tally);
    const miss = bedRule(tally);
    if (miss === undefined) {
      fits = true;
      break;
    }
    firstMiss ??= miss;
  }
  if (!offered) return 'level-of-care';
  if (!fits) return firstMiss!;
  return ruleAfterBeds(criteria, facts.rules, facility);
}

/** Whether some active credential is still valid: one without expiry, or the last to expire not yet expired. */
function validThrough(criteria: Criteria, undated: boolean, expiresLast: string | null): boolean {
  if (undated) return true;
  if (expiresLast === null) return false;
  return expiresLast >= asOfDayOf(criteria);
}

/** Whether a licence someone other than the facility vouches for is valid (reference-rules.ts licenceOnFile): the ranking tier. */
export const hasLicenceOnFile = (criteria: Criteria, facts: RuleFacts): boolean =>
  validThrough(criteria, facts.vouchedLicenceUndated, facts.vouchedLicenceExpiresLast);

/**
 * The rules after the bed rules, in EXCLUSION_RULES order (reference-rules.ts states each plainly):
 * the first that `facts` of `facility` fail, or undefined. For a group's summary (`facility`
 * undefined), undefined when some member may pass them all (see RuleFacts).
 */
export function ruleAfterBeds(criteria: Criteria, facts: RuleFacts, facility: FacilitySnapshot | undefined): ExclusionRule | undefined {
  const { request } = criteria;
  const payer = criteria.payerCheck;
  if (
    payer !== 'none' &&
    !facts.payersUnlisted &&
    !holdsAny(facts.payers, criteria.payers, facility, 'payers') &&
    !(payer === 'ihs-tribal' && holdsAny(facts.operators, criteria.ihsTribalOperators, facility, 'operators'))
  ) {
    return 'payer';
  }
  // Any licence, vouched for or as the facility entered it: one it says is no longer valid excludes it (credentialRule).
  if (!facts.licenceNotOnFile && !validThrough(criteria, facts.licenceUndated, facts.licenceExpiresLast)) return 'credential';
  // Only accreditations vouched for count (RuleFacts.accreditationUndated, accreditationExpiresLast).
  if (request.requireAccreditation && !validThrough(criteria, facts.accreditationUndated, facts.accreditationExpiresLast))
    return 'accreditation';
  if (!facts.anyGender && !holdsAny(facts.genders, criteria.gender, facility, 'gendersAccepted')) return 'gender';
  if (!facts.anyAge && !holdsAny(facts.ageGroups, criteria.ageGroups, facility, 'ageGroupsAccepted')) return 'age';
  const { pregnant, coOccurring, courtOrder, withdrawal, parenting, language } = criteria;
  if (pregnant !== undefined && !holdsAny(facts.populations, pregnant, facility, 'populations')) return 'pregnancy';
  if (coOccurring !== undefined && !holdsAny(facts.populations, coOccurring, facility, 'populations')) return 'co-occurring';
  if (criteria.closedToDuiOnly && !facts.notDuiOnly) return 'court-ordered';
  if (courtOrder !== undefined && !holdsAny(facts.populations, courtOrder, facility, 'populations')) return 'court-ordered';
  if (surelyHoldsAny(facts.substancesNotTreated, criteria.substances, facility, 'substancesNotTreated')) return 'substance';
  if (!facts.servesAnySubstance && !holdsAny(facts.servesOnlyClientsWith, criteria.substances, facility, 'servesOnlyClientsWith'))
    return 'substance';
  if (
    withdrawal !== undefined &&
    !facts.withdrawalUnlisted &&
    !holdsAll(facts.withdrawalManaged, withdrawal, facility, 'withdrawalManaged')
  )
    return 'withdrawal';
  if (criteria.medication !== undefined && !continuesMedication(criteria, facts, facility, criteria.medication)) return 'medication';
  if (criteria.startMedication !== undefined && !startsMedication(criteria, facts, facility, criteria.startMedication))
    return 'start-medication';
  if (parenting !== undefined && !holdsAll(facts.supportServices, parenting, facility, 'supportServices')) return 'parenting';
  if (language !== undefined && !holdsAny(facts.languages, language, facility, 'languages')) return 'language';
  return undefined;
}

/** The facility refuses this class of medication: no MOUD (NMOA), no opioid treatment (NOOP), no alcohol medication (NMAUT). */
const refuses = (facts: RuleFacts, medication: MedicationCriteria): boolean =>
  medication.moud ? !facts.opioidMedicationNotRefused : !facts.alcoholMedicationNotRefused;

/** The medication rule (reference-rules.ts medicationRule). */
function continuesMedication(
  criteria: Criteria,
  facts: RuleFacts,
  facility: FacilitySnapshot | undefined,
  medication: MedicationCriteria,
): boolean {
  if (refuses(facts, medication)) return false;
  const listed = holdsAny(facts.medications, medication.forms, facility, 'medications');
  if (medication.drug === 'methadone') {
    const dispenses =
      holdsAny(facts.levels, criteria.opioidTreatmentProgram, facility, 'levelsOfCare') ||
      holdsAny(facts.levels, criteria.hospitalLevels, facility, 'levelsOfCare');
    return (listed && dispenses) || facts.continuesExternalMedication;
  }
  if (listed) return true;
  return medication.moud
    ? facts.continuesExternalMedication
    : holdsAny(facts.medicationServices, criteria.acceptsExternalAlcoholMedication, facility, 'medicationServices');
}

/** The start-medication rule (reference-rules.ts startMedicationRule). */
function startsMedication(
  criteria: Criteria,
  facts: RuleFacts,
  facility: FacilitySnapshot | undefined,
  medication: MedicationCriteria,
): boolean {
  if (refuses(facts, medication)) return false;
  const listed = holdsAny(facts.medications, medication.forms, facility, 'medications');
  const otp = holdsAny(facts.levels, criteria.opioidTreatmentProgram, facility, 'levelsOfCare');
  switch (medication.drug) {
    case 'methadone':
      return otp && listed;
    case 'buprenorphine':
      return prescribes(facts, facility, criteria.prescribesBuprenorphine, medication, listed) || (otp && listed);
    case 'naltrexone':
      return (
        prescribes(facts, facility, criteria.prescribesNaltrexone, medication, listed) ||
        (otp && listed) ||
        (!criteria.opioidsNamed &&
          listed &&
          holdsAny(facts.medicationServices, criteria.prescribesAlcoholMedication, facility, 'medicationServices'))
      );
    case 'acamprosate':
    case 'disulfiram':
      return listed;
  }
}

/** A prescriber of the drug (UB, UN), listing the form the patient asks for if one is named. */
function prescribes(
  facts: RuleFacts,
  facility: FacilitySnapshot | undefined,
  service: ValueSet,
  medication: MedicationCriteria,
  listed: boolean,
): boolean {
  return holdsAny(facts.medicationServices, service, facility, 'medicationServices') && (!medication.formStated || listed);
}

/**
 * Whether a group of facilities (a grid cell) may hold one that fits, from its summary: false only
 * when every active facility in it fails some rule of ruleInReach whatever its distance.
 */
export function groupMayFit(criteria: Criteria, summary: FactsSummary): boolean {
  if (summary.active === 0) return false;
  if ((summary.levels & criteria.levelMask) === 0 || (summary.freeLevels & criteria.levelMask) === 0) return false;
  return ruleAfterBeds(criteria, summary.rules, undefined) === undefined;
}

/**
 * Whether the facility, active and within reach, would fit if it had a free bed: its bed board
 * replaced by one free general bed at the first acceptable level it offers, confirmed at `asOf`.
 * Such a bed fits any patient, and is fresh unless the request allows no age at all.
 */
export function passesAllButBeds(criteria: Criteria, facts: FacilityFacts): boolean {
  const { request } = criteria;
  if (!criteria.levels.some((level) => facts.facility.levelsOfCare.includes(level))) return false;
  if (criteria.freshAtAsOf === undefined) {
    const confirmed = Date.parse(request.asOf.toISOString());
    criteria.freshAtAsOf = criteria.asOfMs - confirmed <= criteria.staleAfterMs;
  }
  if (!criteria.freshAtAsOf) return false;
  return ruleAfterBeds(criteria, facts.rules, facts.facility) === undefined;
}

/** Whether the facility also offers a level that usually follows the requested one. */
export function continuesCare(criteria: Criteria, facts: FacilityFacts): boolean {
  return holdsAny(facts.levels, criteria.nextStepLevels, facts.facility, 'levelsOfCare');
}
