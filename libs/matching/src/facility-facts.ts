import type { BedType } from '#contracts';
import {
  AGE_GROUPS,
  DRUG_OF_MEDICATION,
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATION_SERVICES,
  MEDICATIONS,
  OPERATORS,
  PAYERS,
  POPULATIONS,
  SUBSTANCES,
  SUPPORT_SERVICES,
} from '#vocabulary';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { latitudeCosine } from './geo-distance.js';
import { ACCREDITATIONS, isCredentialTrusted, LICENCE_TYPES } from './rule-terms.js';

/** Values past the 31st of one kind all share bit 31; a search then looks them up in the snapshot's own list. */
export const SHARED_BIT = 1 << 31;

/**
 * Gives each value of one kind (levels of care, payers, languages, …) a bit of its own: first the
 * values of the contract (`known`), then others in the order first seen, up to 31 in all.
 */
export class Vocabulary {
  private readonly bits = new Map<string, number>();

  constructor(known: readonly string[] = []) {
    for (const value of known) this.bitOf(value);
  }

  bitOf(value: string): number {
    let bit = this.bits.get(value);
    if (bit === undefined) {
      if (this.bits.size === 31) return SHARED_BIT;
      bit = 1 << this.bits.size;
      this.bits.set(value, bit);
    }
    return bit;
  }

  maskOf(values: readonly string[]): number {
    let mask = 0;
    for (const value of values) mask |= this.bitOf(value);
    return mask;
  }
}

/** One vocabulary per kind of value, shared by every facility and request; the contract's values have bits of their own. */
export const VOCABULARY = {
  levels: new Vocabulary(LEVELS_OF_CARE),
  payers: new Vocabulary(PAYERS),
  populations: new Vocabulary(POPULATIONS),
  genders: new Vocabulary(GENDERS),
  ageGroups: new Vocabulary(AGE_GROUPS),
  languages: new Vocabulary(LANGUAGES),
  medications: new Vocabulary(MEDICATIONS),
  medicationServices: new Vocabulary(MEDICATION_SERVICES),
  /** For substances not treated, served only, and withdrawal managed. */
  substances: new Vocabulary(SUBSTANCES),
  operators: new Vocabulary(OPERATORS),
  supportServices: new Vocabulary(SUPPORT_SERVICES),
} as const;

/**
 * Whether a facility's `mask` holds `value`, whose bit is `bit`; a value on the shared bit is looked
 * up in the facility's own `list`, so the answer is always that of `list.includes(value)`. Without a
 * list (a group's joined mask) a value on the shared bit may be held when the shared bit is set.
 */
export function hasValue(mask: number, bit: number, list: readonly string[] | undefined, value: string): boolean {
  if (bit !== SHARED_BIT) return (mask & bit) !== 0;
  return list === undefined ? (mask & SHARED_BIT) !== 0 : list.includes(value);
}

/** One bit per bed type, in the order types are named in reasons; an unknown type has none. */
export const BED_TYPE_BITS: Readonly<Record<BedType, number>> = { general: 1, male: 2, female: 4, adolescent: 8 };

/** Numbers per bed line in FacilityFacts.beds, and where each sits. */
export const BED_STRIDE = 5;
export const BED_LEVEL = 0;
export const BED_TYPE = 1;
export const BED_AVAILABLE = 2;
export const BED_STAFFED = 3;
export const BED_CONFIRMED = 4;

/**
 * What the hard rules after the bed rules read (hard-rules.ts), of one facility (FacilityFacts.rules) or
 * of a group of them (FactsSummary.rules), so that one statement of the rules serves both. For one
 * facility each fact is exact. For a group each is what some active member may offer: masks and flags
 * joined with OR, except substancesNotTreated, joined with AND (what no member treats); a group then
 * passes every rule one of its members passes. Masks are of VOCABULARY bits; a value on the shared bit
 * is looked up in the facility's own list. One class, so that every instance has the same shape.
 */
export class RuleFacts {
  levels = 0;
  payers = 0;
  /** No payment information on file (no payer listed). */
  payersUnlisted = false;
  operators = 0;
  /** No licence (state or hospital) on file, whatever its status. */
  licenceNotOnFile = false;
  /** Active licences: whether one has no expiry, and the latest expiry date of those that have one. */
  licenceUndated = false;
  licenceExpiresLast: string | null = null;
  /** The same for active licences someone other than the facility vouches for (isCredentialTrusted): the ranking tier. */
  vouchedLicenceUndated = false;
  vouchedLicenceExpiresLast: string | null = null;
  /** The same for active accreditations someone other than the facility vouches for: only those count. */
  accreditationUndated = false;
  accreditationExpiresLast: string | null = null;
  genders = 0;
  /** Lists no genders, and so accepts any. */
  anyGender = false;
  ageGroups = 0;
  /** Lists no age groups, and so accepts any age. */
  anyAge = false;
  populations = 0;
  /** Does not serve DUI/DWI clients only (no dui-dwi-only). */
  notDuiOnly = false;
  /** For a group: the substances no member treats (joined with AND). */
  substancesNotTreated = 0;
  servesOnlyClientsWith = 0;
  /** Serves clients with any use disorder (servesOnlyClientsWith is empty). */
  servesAnySubstance = false;
  withdrawalManaged = 0;
  /** No withdrawal type on file. */
  withdrawalUnlisted = false;
  medications = 0;
  medicationServices = 0;
  continuesExternalMedication = false;
  /** Neither "no opioid medication" (NMOA) nor "does not treat opioids" (NOOP). */
  opioidMedicationNotRefused = false;
  /** Not "no alcohol medication" (NMAUT). */
  alcoholMedicationNotRefused = false;
  supportServices = 0;
  languages = 0;
}

/**
 * What the search reads of one facility, compiled once when the facility enters the index: a small
 * object of numbers read for every facility within reach (where it is, its levels, its bed board),
 * and the rest of what the rules read (`rules`), read only for a facility with a bed. The snapshot
 * stays the source of every word.
 */
export interface FacilityFacts {
  readonly facility: FacilitySnapshot;
  readonly active: boolean;
  readonly latitude: number;
  readonly longitude: number;
  /** latitudeCosine(latitude). */
  readonly cosLatitude: number;
  /**
   * The level bits of the bed lines with a count that is not 0 or less, whatever their type and age:
   * a level the facility can have a free bed in for some patient lies among them (a sum of counts
   * reaches 1 only if one of them is above 0), so a search skips a facility without a bit it needs.
   */
  readonly freeLevels: number;
  /** A mask of VOCABULARY.levels bits. */
  readonly levels: number;
  /**
   * BED_STRIDE numbers per bed line, in the snapshot's order: level bit, bed type bit, available, staffed,
   * confirmedAt in ms (NaN when unreadable).
   */
  readonly beds: readonly number[];
  /** Lists methadone or any buprenorphine: ranks first for a pregnant patient who needs treatment for opioids. */
  readonly offersMoud: boolean;
  readonly rules: RuleFacts;
}

/**
 * The facts of `facility`. `previous`, the facts of an earlier snapshot of the same facility, lends
 * what has not changed (a capacity update brings a new bed board, and nothing else).
 */
export function compileFacts(facility: FacilitySnapshot, previous?: FacilityFacts): FacilityFacts {
  const before = previous?.facility;
  const beds: number[] = [];
  let freeLevels = 0;
  facility.beds.forEach((line, index) => {
    // A line confirmed at the same time as the same line before needs no parsing again.
    const unchanged = before !== undefined && before.beds[index]?.confirmedAt === line.confirmedAt;
    const levelBit = VOCABULARY.levels.bitOf(line.levelOfCare);
    // Not `> 0`: a count that is not a number adds up to one that is not below 1 either.
    if (!(line.available <= 0)) freeLevels |= levelBit;
    beds.push(
      levelBit,
      Object.hasOwn(BED_TYPE_BITS, line.bedType) ? BED_TYPE_BITS[line.bedType] : 0,
      line.available,
      line.staffed,
      unchanged ? previous!.beds[index * BED_STRIDE + BED_CONFIRMED]! : Date.parse(line.confirmedAt),
    );
  });
  const rules = before !== undefined && sameRuleInputs(facility, before) ? previous!.rules : ruleFactsOf(facility);
  return {
    facility,
    active: facility.active,
    latitude: facility.latitude,
    longitude: facility.longitude,
    cosLatitude: before !== undefined && before.latitude === facility.latitude ? previous!.cosLatitude : latitudeCosine(facility.latitude),
    freeLevels,
    levels: rules.levels,
    beds,
    offersMoud: previous !== undefined && rules === previous.rules ? previous.offersMoud : offersMoud(facility),
    rules,
  };
}

/** The snapshot's lists of values that RuleFacts holds as masks. */
export type ListKey =
  | 'levelsOfCare'
  | 'payers'
  | 'operators'
  | 'gendersAccepted'
  | 'ageGroupsAccepted'
  | 'populations'
  | 'substancesNotTreated'
  | 'servesOnlyClientsWith'
  | 'withdrawalManaged'
  | 'medications'
  | 'medicationServices'
  | 'supportServices'
  | 'languages';

const LIST_KEYS: readonly ListKey[] = [
  'levelsOfCare',
  'payers',
  'operators',
  'gendersAccepted',
  'ageGroupsAccepted',
  'populations',
  'substancesNotTreated',
  'servesOnlyClientsWith',
  'withdrawalManaged',
  'medications',
  'medicationServices',
  'supportServices',
  'languages',
];

/** Whether the rules read the same of both snapshots: the same lists, credentials and stance on outside medication. */
function sameRuleInputs(facility: FacilitySnapshot, before: FacilitySnapshot): boolean {
  if (facility.continuesExternalMedication !== before.continuesExternalMedication) return false;
  if (!sameValues(facility.credentials, before.credentials)) return false;
  for (const key of LIST_KEYS) if (!sameValues<string>(facility[key], before[key])) return false;
  return true;
}

function ruleFactsOf(facility: FacilitySnapshot): RuleFacts {
  const rules = new RuleFacts();
  rules.levels = VOCABULARY.levels.maskOf(facility.levelsOfCare);
  rules.payers = VOCABULARY.payers.maskOf(facility.payers);
  rules.payersUnlisted = facility.payers.length === 0;
  rules.operators = VOCABULARY.operators.maskOf(facility.operators);
  let licenceExpiresLast: string | null = null;
  let vouchedLicenceExpiresLast: string | null = null;
  let accreditationExpiresLast: string | null = null;
  rules.licenceNotOnFile = true;
  for (const credential of facility.credentials) {
    const licence = LICENCE_TYPES.includes(credential.type);
    if (licence) rules.licenceNotOnFile = false;
    if (credential.status !== 'active') continue;
    const vouched = isCredentialTrusted(credential);
    const accreditation = vouched && ACCREDITATIONS.includes(credential.type);
    // As isCredentialValid reads it: no expiry date (null, undefined or empty) means valid.
    if (!credential.expiresOn) {
      if (licence) rules.licenceUndated = true;
      if (licence && vouched) rules.vouchedLicenceUndated = true;
      if (accreditation) rules.accreditationUndated = true;
      continue;
    }
    if (licence) licenceExpiresLast = later(licenceExpiresLast, credential.expiresOn);
    if (licence && vouched) vouchedLicenceExpiresLast = later(vouchedLicenceExpiresLast, credential.expiresOn);
    if (accreditation) accreditationExpiresLast = later(accreditationExpiresLast, credential.expiresOn);
  }
  rules.licenceExpiresLast = licenceExpiresLast;
  rules.vouchedLicenceExpiresLast = vouchedLicenceExpiresLast;
  rules.accreditationExpiresLast = accreditationExpiresLast;
  rules.genders = VOCABULARY.genders.maskOf(facility.gendersAccepted);
  rules.anyGender = facility.gendersAccepted.length === 0;
  rules.ageGroups = VOCABULARY.ageGroups.maskOf(facility.ageGroupsAccepted);
  rules.anyAge = facility.ageGroupsAccepted.length === 0;
  rules.populations = VOCABULARY.populations.maskOf(facility.populations);
  rules.notDuiOnly = !facility.populations.includes('dui-dwi-only');
  rules.substancesNotTreated = VOCABULARY.substances.maskOf(facility.substancesNotTreated);
  rules.servesOnlyClientsWith = VOCABULARY.substances.maskOf(facility.servesOnlyClientsWith);
  rules.servesAnySubstance = facility.servesOnlyClientsWith.length === 0;
  rules.withdrawalManaged = VOCABULARY.substances.maskOf(facility.withdrawalManaged);
  rules.withdrawalUnlisted = facility.withdrawalManaged.length === 0;
  rules.medications = VOCABULARY.medications.maskOf(facility.medications);
  rules.medicationServices = VOCABULARY.medicationServices.maskOf(facility.medicationServices);
  rules.continuesExternalMedication = facility.continuesExternalMedication === true;
  rules.opioidMedicationNotRefused =
    !facility.medicationServices.includes('no-opioid-medication') && !facility.substancesNotTreated.includes('opioids');
  rules.alcoholMedicationNotRefused = !facility.medicationServices.includes('no-alcohol-medication');
  rules.supportServices = VOCABULARY.supportServices.maskOf(facility.supportServices);
  rules.languages = VOCABULARY.languages.maskOf(facility.languages);
  return rules;
}

const offersMoud = (facility: FacilitySnapshot): boolean =>
  facility.medications.some((medication) => {
    const drug = DRUG_OF_MEDICATION[medication];
    return drug === 'methadone' || drug === 'buprenorphine';
  });

/**
 * What any active facility of a group (a grid cell) may offer, so a search can tell that none of them
 * can fit without reading them (see RuleFacts). Only a facility's own facts decide that it fits.
 */
export interface FactsSummary {
  /** Active facilities in the group. */
  readonly active: number;
  /** Joined over the active facilities. */
  readonly freeLevels: number;
  readonly levels: number;
  readonly rules: RuleFacts;
}

/** Every bit of a mask, SHARED_BIT included. */
const EVERY_BIT = -1;

/** The summary of the active facilities among `facts`. */
export function summarizeFacts(facts: readonly FacilityFacts[]): FactsSummary {
  let active = 0;
  let freeLevels = 0;
  const joined = new RuleFacts();
  joined.substancesNotTreated = EVERY_BIT;
  for (const member of facts) {
    if (!member.active) continue;
    active += 1;
    freeLevels |= member.freeLevels;
    const rules = member.rules;
    joined.levels |= rules.levels;
    joined.payers |= rules.payers;
    joined.payersUnlisted ||= rules.payersUnlisted;
    joined.operators |= rules.operators;
    joined.licenceNotOnFile ||= rules.licenceNotOnFile;
    joined.licenceUndated ||= rules.licenceUndated;
    joined.licenceExpiresLast = later(joined.licenceExpiresLast, rules.licenceExpiresLast);
    joined.vouchedLicenceUndated ||= rules.vouchedLicenceUndated;
    joined.vouchedLicenceExpiresLast = later(joined.vouchedLicenceExpiresLast, rules.vouchedLicenceExpiresLast);
    joined.accreditationUndated ||= rules.accreditationUndated;
    joined.accreditationExpiresLast = later(joined.accreditationExpiresLast, rules.accreditationExpiresLast);
    joined.genders |= rules.genders;
    joined.anyGender ||= rules.anyGender;
    joined.ageGroups |= rules.ageGroups;
    joined.anyAge ||= rules.anyAge;
    joined.populations |= rules.populations;
    joined.notDuiOnly ||= rules.notDuiOnly;
    joined.substancesNotTreated &= rules.substancesNotTreated;
    joined.servesOnlyClientsWith |= rules.servesOnlyClientsWith;
    joined.servesAnySubstance ||= rules.servesAnySubstance;
    joined.withdrawalManaged |= rules.withdrawalManaged;
    joined.withdrawalUnlisted ||= rules.withdrawalUnlisted;
    joined.medications |= rules.medications;
    joined.medicationServices |= rules.medicationServices;
    joined.continuesExternalMedication ||= rules.continuesExternalMedication;
    joined.opioidMedicationNotRefused ||= rules.opioidMedicationNotRefused;
    joined.alcoholMedicationNotRefused ||= rules.alcoholMedicationNotRefused;
    joined.supportServices |= rules.supportServices;
    joined.languages |= rules.languages;
  }
  if (active === 0) joined.substancesNotTreated = 0;
  return { active, freeLevels, levels: joined.levels, rules: joined };
}

/** The later of two ISO dates, either of which may be missing. */
const later = (a: string | null, b: string | null): string | null => (a === null || (b !== null && b > a) ? b : a);

/** The same values in the same order (the same list, or an equal copy of it). */
function sameValues<T>(values: readonly T[], others: readonly T[]): boolean {
  if (values === others) return true;
  if (values.length !== others.length) return false;
  for (let at = 0; at < values.length; at += 1) if (values[at] !== others[at]) return false;
  return true;
}

/** Facts of the facilities of a plain list, compiled on first use; snapshots are never changed in place. */
const compiled = new WeakMap<FacilitySnapshot, FacilityFacts>();

export function factsOf(facility: FacilitySnapshot): FacilityFacts {
  let facts = compiled.get(facility);
  if (facts === undefined) {
    facts = compileFacts(facility);
    compiled.set(facility, facts);
  }
  return facts;
}
