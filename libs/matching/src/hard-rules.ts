import type { LevelOfCare } from '#contracts';
import type { ExclusionRule } from '#vocabulary';
import {
  BED_AVAILABLE,
  BED_CONFIRMED,
  BED_LEVEL,
  BED_STRIDE,
  BED_STAFFED,
  BED_TYPE,
  dayNumber,
  F_ACCREDITATION_UNDATED,
  F_ALCOHOL_MEDICATION_NOT_REFUSED,
  F_ANY_AGE,
  F_ANY_GENDER,
  F_CONTINUES_EXTERNAL_MEDICATION,
  F_LICENCE_NOT_ON_FILE,
  F_LICENCE_UNDATED,
  F_NOT_DUI_ONLY,
  F_OPIOID_MEDICATION_NOT_REFUSED,
  F_PAYERS_UNLISTED,
  F_SERVES_ANY_SUBSTANCE,
  F_VOUCHED_LICENCE_UNDATED,
  F_WITHDRAWAL_UNLISTED,
  R_ACCREDITATION_EXPIRES_LAST,
  R_AGE_GROUPS,
  R_BED_LINES,
  R_BEDS,
  R_FLAGS,
  R_GENDERS,
  R_LANGUAGES,
  R_LEVELS,
  R_LICENCE_EXPIRES_LAST,
  R_MEDICATION_SERVICES,
  R_MEDICATIONS,
  R_OPERATORS,
  R_PAYERS,
  R_POPULATIONS,
  R_SERVES_ONLY_CLIENTS_WITH,
  R_SUBSTANCES_NOT_TREATED,
  R_SUPPORT_SERVICES,
  R_VOUCHED_LICENCE_EXPIRES_LAST,
  R_WITHDRAWAL_MANAGED,
  SHARED_BIT,
  type FacilityFacts,
  type FactsSummary,
} from './facility-facts.js';
import { distanceMilesWithCosines } from './geo-distance.js';
import { asOfDayOf, holdsAll, holdsAny, surelyHoldsAny, type Criteria, type MedicationCriteria, type ValueSet } from './match-criteria.js';

// The hard rules as the search runs them: over compiled records (bit masks, one Float64Array per grid
// cell: facility-facts.ts), without building text or allocating, as they run for every facility within
// reach. The same rules, stated plainly and with their words, are in reference-rules.ts; a property
// test holds the two to the same verdicts.

/** distanceMiles from the request's origin to a point, with both cosines worked out beforehand. */
export function distanceTo(criteria: Criteria, latitude: number, longitude: number, cosLatitude: number): number {
  return distanceMilesWithCosines(criteria.originLatitude, criteria.originLongitude, criteria.originCos, latitude, longitude, cosLatitude);
}

/** distanceTo a facility. */
export const distanceToFacility = (criteria: Criteria, facts: FacilityFacts): number =>
  distanceTo(criteria, facts.latitude, facts.longitude, facts.cosLatitude);

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

/**
 * Counts the beds that count at one level into `tally`: lines whose type fits the patient, confirmed
 * recently enough. The lines are those of the record at `offset` of `records` (facility-facts.ts), of
 * the facility `facts`.
 */
function tallyBeds(
  criteria: Criteria,
  records: Float64Array,
  offset: number,
  facts: FacilityFacts,
  level: LevelOfCare,
  levelBit: number,
  tally: BedTally,
): void {
  // Counted in locals, and written to the tally once.
  let levelLines = 0;
  let fitting = 0;
  let fresh = 0;
  let available = 0;
  let staffed = 0;
  let lastConfirmed = -Infinity;
  let freshTypes = 0;
  const first = offset + R_BEDS;
  const end = first + records[offset + R_BED_LINES]! * BED_STRIDE;
  for (let at = first; at < end; at += BED_STRIDE) {
    if ((records[at + BED_LEVEL]! | 0) !== levelBit) continue;
    if (levelBit === SHARED_BIT && facts.facility.beds[(at - first) / BED_STRIDE]!.levelOfCare !== level) continue;
    levelLines += 1;
    const type = records[at + BED_TYPE]! | 0;
    if ((type & criteria.bedTypes) === 0) continue;
    fitting += 1;
    const confirmed = records[at + BED_CONFIRMED]!;
    // Stale exactly as isBedCountStale decides: an unreadable time (NaN) counts as stale.
    if (!(criteria.asOfMs - confirmed <= criteria.staleAfterMs)) continue;
    fresh += 1;
    available += records[at + BED_AVAILABLE]!;
    staffed += records[at + BED_STAFFED]!;
    if (confirmed > lastConfirmed) lastConfirmed = confirmed;
    freshTypes |= type;
  }
  tally.level = level;
  tally.levelLines = levelLines;
  tally.fitting = fitting;
  tally.fresh = fresh;
  tally.available = available;
  tally.staffed = staffed;
  tally.lastConfirmed = lastConfirmed;
  tally.freshTypes = freshTypes;
}

/** The bed rule a tally fails, or undefined when it holds a free bed. */
function bedRule(tally: BedTally): 'no-bed' | 'stale-count' | undefined {
  if (tally.fitting === 0) return 'no-bed';
  if (tally.fresh === 0) return 'stale-count';
  if (tally.available < 1) return 'no-bed';
  return undefined;
}

/**
 * The first hard rule after `inactive` and `distance` that the facility `facts`, whose record is at
 * `offset` of `records`, fails, or undefined when it fits; `tally` then holds the beds at the level
 * found (the first of `criteria.levels` the facility offers with a free, fresh bed that fits the patient).
 */
export function ruleInReach(
  criteria: Criteria,
  records: Float64Array,
  offset: number,
  facts: FacilityFacts,
  tally: BedTally,
): ExclusionRule | undefined {
  const levels = records[offset + R_LEVELS]! | 0;
  let offered = false;
  let firstMiss: 'no-bed' | 'stale-count' | undefined;
  let fits = false;
  for (let at = 0; at < criteria.levels.length; at += 1) {
    const levelBit = criteria.levelBits[at]!;
    if (levelBit !== SHARED_BIT ? (levels & levelBit) === 0 : !facts.facility.levelsOfCare.includes(criteria.levels[at]!)) continue;
    offered = true;
    tallyBeds(criteria, records, offset, facts, criteria.levels[at]!, levelBit, tally);
    const miss = bedRule(tally);
    if (miss === undefined) {
      fits = true;
      break;
    }
    firstMiss ??= miss;
  }
  if (!offered) return 'level-of-care';
  if (!fits) return firstMiss!;
  return ruleAfterBeds(criteria, records, offset, facts);
}

type ExpiryField = 'licenceExpiresLast' | 'vouchedLicenceExpiresLast' | 'accreditationExpiresLast';

/**
 * Whether some active credential is still valid: one without expiry, or the last to expire (`expiresLast`,
 * a dayNumber) not yet expired. A date of another form is compared as text, as it is written in
 * `facts`; for a group (no `facts`), it may be valid.
 */
function validThrough(
  criteria: Criteria,
  undated: boolean,
  expiresLast: number,
  facts: FacilityFacts | undefined,
  field: ExpiryField,
): boolean {
  if (undated) return true;
  if (expiresLast === -Infinity) return false;
  criteria.asOfDayNumber ??= dayNumber(asOfDayOf(criteria));
  if (expiresLast === expiresLast && criteria.asOfDayNumber === criteria.asOfDayNumber) return expiresLast >= criteria.asOfDayNumber;
  if (facts === undefined) return true;
  const written = facts.rules[field];
  return written !== null && written >= asOfDayOf(criteria);
}

/** Whether a licence someone other than the facility vouches for is valid (reference-rules.ts licenceOnFile): the ranking tier. */
export const hasLicenceOnFile = (criteria: Criteria, records: Float64Array, offset: number, facts: FacilityFacts): boolean =>
  validThrough(
    criteria,
    ((records[offset + R_FLAGS]! | 0) & F_VOUCHED_LICENCE_UNDATED) !== 0,
    records[offset + R_VOUCHED_LICENCE_EXPIRES_LAST]!,
    facts,
    'vouchedLicenceExpiresLast',
  );

/**
 * The rules after the bed rules, in EXCLUSION_RULES order (reference-rules.ts states each plainly):
 * the first that the record at `offset` of `records`, of the facility `facts`, fails, or undefined.
 * For a group's summary record (`facts` undefined), undefined when some member may pass them all (see
 * RuleFacts).
 */
export function ruleAfterBeds(
  criteria: Criteria,
  records: Float64Array,
  offset: number,
  facts: FacilityFacts | undefined,
): ExclusionRule | undefined {
  const { request } = criteria;
  const flags = records[offset + R_FLAGS]! | 0;
  const payer = criteria.payerCheck;
  if (
    payer !== 'none' &&
    (flags & F_PAYERS_UNLISTED) === 0 &&
    !holdsAny(records[offset + R_PAYERS]!, criteria.payers, facts, 'payers') &&
    !(payer === 'ihs-tribal' && holdsAny(records[offset + R_OPERATORS]!, criteria.ihsTribalOperators, facts, 'operators'))
  ) {
    return 'payer';
  }
  // Any licence, vouched for or as the facility entered it: one it says is no longer valid excludes it (credentialRule).
  if (
    (flags & F_LICENCE_NOT_ON_FILE) === 0 &&
    !validThrough(criteria, (flags & F_LICENCE_UNDATED) !== 0, records[offset + R_LICENCE_EXPIRES_LAST]!, facts, 'licenceExpiresLast')
  )
    return 'credential';
  // Only accreditations vouched for count (RuleFacts.accreditationUndated, accreditationExpiresLast).
  if (
    request.requireAccreditation &&
    !validThrough(
      criteria,
      (flags & F_ACCREDITATION_UNDATED) !== 0,
      records[offset + R_ACCREDITATION_EXPIRES_LAST]!,
      facts,
      'accreditationExpiresLast',
    )
  )
    return 'accreditation';
  if ((flags & F_ANY_GENDER) === 0 && !holdsAny(records[offset + R_GENDERS]!, criteria.gender, facts, 'gendersAccepted')) return 'gender';
  if ((flags & F_ANY_AGE) === 0 && !holdsAny(records[offset + R_AGE_GROUPS]!, criteria.ageGroups, facts, 'ageGroupsAccepted')) return 'age';
  const { pregnant, coOccurring, courtOrder, withdrawal, parenting, language } = criteria;
  const populations = records[offset + R_POPULATIONS]!;
  if (pregnant !== undefined && !holdsAny(populations, pregnant, facts, 'populations')) return 'pregnancy';
  if (coOccurring !== undefined && !holdsAny(populations, coOccurring, facts, 'populations')) return 'co-occurring';
  if (criteria.closedToDuiOnly && (flags & F_NOT_DUI_ONLY) === 0) return 'court-ordered';
  if (courtOrder !== undefined && !holdsAny(populations, courtOrder, facts, 'populations')) return 'court-ordered';
  if (surelyHoldsAny(records[offset + R_SUBSTANCES_NOT_TREATED]!, criteria.substances, facts, 'substancesNotTreated')) return 'substance';
  if (
    (flags & F_SERVES_ANY_SUBSTANCE) === 0 &&
    !holdsAny(records[offset + R_SERVES_ONLY_CLIENTS_WITH]!, criteria.substances, facts, 'servesOnlyClientsWith')
  )
    return 'substance';
  if (
    withdrawal !== undefined &&
    (flags & F_WITHDRAWAL_UNLISTED) === 0 &&
    !holdsAll(records[offset + R_WITHDRAWAL_MANAGED]!, withdrawal, facts, 'withdrawalManaged')
  )
    return 'withdrawal';
  if (criteria.medication !== undefined && !continuesMedication(criteria, records, offset, flags, facts, criteria.medication))
    return 'medication';
  if (criteria.startMedication !== undefined && !startsMedication(criteria, records, offset, flags, facts, criteria.startMedication))
    return 'start-medication';
  if (parenting !== undefined && !holdsAll(records[offset + R_SUPPORT_SERVICES]!, parenting, facts, 'supportServices')) return 'parenting';
  if (language !== undefined && !holdsAny(records[offset + R_LANGUAGES]!, language, facts, 'languages')) return 'language';
  return undefined;
}

/** The facility refuses this class of medication: no MOUD (NMOA), no opioid treatment (NOOP), no alcohol medication (NMAUT). */
const refuses = (flags: number, medication: MedicationCriteria): boolean =>
  (flags & (medication.moud ? F_OPIOID_MEDICATION_NOT_REFUSED : F_ALCOHOL_MEDICATION_NOT_REFUSED)) === 0;

/** The medication rule (reference-rules.ts medicationRule). */
function continuesMedication(
  criteria: Criteria,
  records: Float64Array,
  offset: number,
  flags: number,
  facts: FacilityFacts | undefined,
  medication: MedicationCriteria,
): boolean {
  if (refuses(flags, medication)) return false;
  const listed = holdsAny(records[offset + R_MEDICATIONS]!, medication.forms, facts, 'medications');
  const continuesExternal = (flags & F_CONTINUES_EXTERNAL_MEDICATION) !== 0;
  if (medication.drug === 'methadone') {
    const levels = records[offset + R_LEVELS]!;
    const dispenses =
      holdsAny(levels, criteria.opioidTreatmentProgram, facts, 'levelsOfCare') ||
      holdsAny(levels, criteria.hospitalLevels, facts, 'levelsOfCare');
    return (listed && dispenses) || continuesExternal;
  }
  if (listed) return true;
  return medication.moud
    ? continuesExternal
    : holdsAny(records[offset + R_MEDICATION_SERVICES]!, criteria.acceptsExternalAlcoholMedication, facts, 'medicationServices');
}

/** The start-medication rule (reference-rules.ts startMedicationRule). */
function startsMedication(
  criteria: Criteria,
  records: Float64Array,
  offset: number,
  flags: number,
  facts: FacilityFacts | undefined,
  medication: MedicationCriteria,
): boolean {
  if (refuses(flags, medication)) return false;
  const listed = holdsAny(records[offset + R_MEDICATIONS]!, medication.forms, facts, 'medications');
  const otp = holdsAny(records[offset + R_LEVELS]!, criteria.opioidTreatmentProgram, facts, 'levelsOfCare');
  const services = records[offset + R_MEDICATION_SERVICES]!;
  switch (medication.drug) {
    case 'methadone':
      return otp && listed;
    case 'buprenorphine':
      return prescribes(services, facts, criteria.prescribesBuprenorphine, medication, listed) || (otp && listed);
    case 'naltrexone':
      return (
        prescribes(services, facts, criteria.prescribesNaltrexone, medication, listed) ||
        (otp && listed) ||
        (!criteria.opioidsNamed && listed && holdsAny(services, criteria.prescribesAlcoholMedication, facts, 'medicationServices'))
      );
    case 'acamprosate':
    case 'disulfiram':
      return listed;
  }
}

/** A prescriber of the drug (UB, UN), listing the form the patient asks for if one is named. */
function prescribes(
  services: number,
  facts: FacilityFacts | undefined,
  service: ValueSet,
  medication: MedicationCriteria,
  listed: boolean,
): boolean {
  return holdsAny(services, service, facts, 'medicationServices') && (!medication.formStated || listed);
}

/**
 * Whether a group of facilities (a grid cell) may hold one that fits, from its summary and the
 * summary's record (facility-facts.ts summaryRecord): false only when every active facility in it
 * fails some rule of ruleInReach whatever its distance.
 */
export function groupMayFit(criteria: Criteria, summary: FactsSummary, record: Float64Array): boolean {
  if (summary.active === 0) return false;
  if ((summary.levels & criteria.levelMask) === 0 || (summary.freeLevels & criteria.levelMask) === 0) return false;
  return ruleAfterBeds(criteria, record, 0, undefined) === undefined;
}

/**
 * Whether the facility, active and within reach, would fit if it had a free bed: its bed board
 * replaced by one free general bed at the first acceptable level it offers, confirmed at `asOf`.
 * Such a bed fits any patient, and is fresh unless the request allows no age at all.
 */
export function passesAllButBeds(criteria: Criteria, records: Float64Array, offset: number, facts: FacilityFacts): boolean {
  const { request } = criteria;
  if (!criteria.levels.some((level) => facts.facility.levelsOfCare.includes(level))) return false;
  if (criteria.freshAtAsOf === undefined) {
    const confirmed = Date.parse(request.asOf.toISOString());
    criteria.freshAtAsOf = criteria.asOfMs - confirmed <= criteria.staleAfterMs;
  }
  if (!criteria.freshAtAsOf) return false;
  return ruleAfterBeds(criteria, records, offset, facts) === undefined;
}

/** Whether the facility also offers a level that usually follows the requested one. */
export function continuesCare(criteria: Criteria, records: Float64Array, offset: number, facts: FacilityFacts): boolean {
  return holdsAny(records[offset + R_LEVELS]!, criteria.nextStepLevels, facts, 'levelsOfCare');
}
