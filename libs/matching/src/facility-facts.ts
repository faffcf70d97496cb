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
import type { BedCount, FacilitySnapshot } from './facility-snapshot.js';
import { latitudeCosine, unitVectorOf } from './geo-distance.js';
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
  /** unitVectorOf(latitude, longitude): where a search tells, without a sine, whether the facility is surely within reach or surely not. */
  readonly unitVector: readonly [number, number, number];
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
  const samePlace = before !== undefined && before.latitude === facility.latitude && before.longitude === facility.longitude;
  return {
    facility,
    active: facility.active,
    latitude: facility.latitude,
    longitude: facility.longitude,
    cosLatitude: before !== undefined && before.latitude === facility.latitude ? previous!.cosLatitude : latitudeCosine(facility.latitude),
    unitVector: samePlace ? previous!.unitVector : unitVectorOf(facility.latitude, facility.longitude),
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

/*
 * Records: what the rules read of a facility (or of a group's summary), as numbers, one record after
 * another in one Float64Array per grid cell, so that judging the facilities of a cell reads adjacent
 * memory rather than a few objects per facility scattered over the heap. A record holds the masks and
 * flags of RuleFacts, its expiry dates as numbers, then the bed lines as FacilityFacts.beds has them,
 * then what each line expects to open (RP_*). The FacilityFacts stays at hand for what only the
 * snapshot can say.
 */
// In the order the rules read them, those read for most facilities first.
export const R_LEVELS = 0;
/** How many bed lines the record holds. */
export const R_BED_LINES = 1;
/** F_* bits. */
export const R_FLAGS = 2;
export const R_PAYERS = 3;
/** Expiry dates as dayNumber gives them. */
export const R_LICENCE_EXPIRES_LAST = 4;
export const R_GENDERS = 5;
export const R_AGE_GROUPS = 6;
export const R_POPULATIONS = 7;
export const R_SUBSTANCES_NOT_TREATED = 8;
export const R_SERVES_ONLY_CLIENTS_WITH = 9;
export const R_WITHDRAWAL_MANAGED = 10;
export const R_MEDICATIONS = 11;
export const R_MEDICATION_SERVICES = 12;
export const R_SUPPORT_SERVICES = 13;
export const R_LANGUAGES = 14;
export const R_OPERATORS = 15;
export const R_ACCREDITATION_EXPIRES_LAST = 16;
export const R_VOUCHED_LICENCE_EXPIRES_LAST = 17;
export const R_FREE_LEVELS = 18;
/** Where the bed lines start: BED_STRIDE numbers each, as in FacilityFacts.beds; then RECORD_PROSPECT_STRIDE numbers each. */
export const R_BEDS = 19;

/** Numbers per bed line after the lines (read only for suggestions): beds expected to open, and a waitlist (1) or none (0). */
export const RECORD_PROSPECT_STRIDE = 3;
export const RP_OPENING_24H = 0;
export const RP_OPENING_72H = 1;
export const RP_WAITLIST = 2;

export const F_PAYERS_UNLISTED = 1 << 0;
export const F_LICENCE_NOT_ON_FILE = 1 << 1;
export const F_LICENCE_UNDATED = 1 << 2;
export const F_VOUCHED_LICENCE_UNDATED = 1 << 3;
export const F_ACCREDITATION_UNDATED = 1 << 4;
export const F_ANY_GENDER = 1 << 5;
export const F_ANY_AGE = 1 << 6;
export const F_NOT_DUI_ONLY = 1 << 7;
export const F_SERVES_ANY_SUBSTANCE = 1 << 8;
export const F_WITHDRAWAL_UNLISTED = 1 << 9;
export const F_CONTINUES_EXTERNAL_MEDICATION = 1 << 10;
export const F_OPIOID_MEDICATION_NOT_REFUSED = 1 << 11;
export const F_ALCOHOL_MEDICATION_NOT_REFUSED = 1 << 12;
export const F_OFFERS_MOUD = 1 << 13;

/**
 * An ISO day (YYYY-MM-DD) as a number that compares as the text does (YYYYMMDD); -Infinity for none;
 * NaN for text of another form, which only the text itself can compare (FacilityFacts.rules).
 */
export function dayNumber(day: string | null): number {
  if (day === null) return -Infinity;
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? Number(day.slice(0, 4) + day.slice(5, 7) + day.slice(8, 10)) : NaN;
}

/** How many numbers the record of `facts` takes. */
export const recordLength = (facts: FacilityFacts): number =>
  R_BEDS + facts.beds.length + (facts.beds.length / BED_STRIDE) * RECORD_PROSPECT_STRIDE;

/**
 * Writes the record of a facility, or of a summary (no bed lines, no MOUD flag), at `offset`; gives
 * the offset after it. `beds` are FacilityFacts.beds, `lines` the snapshot's bed lines they come from.
 */
export function writeRecord(
  into: Float64Array,
  offset: number,
  rules: RuleFacts,
  freeLevels: number,
  beds: readonly number[],
  lines: readonly BedCount[],
  offersMoud: boolean,
): number {
  into[offset + R_LEVELS] = rules.levels;
  into[offset + R_FREE_LEVELS] = freeLevels;
  into[offset + R_PAYERS] = rules.payers;
  into[offset + R_OPERATORS] = rules.operators;
  into[offset + R_GENDERS] = rules.genders;
  into[offset + R_AGE_GROUPS] = rules.ageGroups;
  into[offset + R_POPULATIONS] = rules.populations;
  into[offset + R_SUBSTANCES_NOT_TREATED] = rules.substancesNotTreated;
  into[offset + R_SERVES_ONLY_CLIENTS_WITH] = rules.servesOnlyClientsWith;
  into[offset + R_WITHDRAWAL_MANAGED] = rules.withdrawalManaged;
  into[offset + R_MEDICATIONS] = rules.medications;
  into[offset + R_MEDICATION_SERVICES] = rules.medicationServices;
  into[offset + R_SUPPORT_SERVICES] = rules.supportServices;
  into[offset + R_LANGUAGES] = rules.languages;
  into[offset + R_FLAGS] =
    (rules.payersUnlisted ? F_PAYERS_UNLISTED : 0) |
    (rules.licenceNotOnFile ? F_LICENCE_NOT_ON_FILE : 0) |
    (rules.licenceUndated ? F_LICENCE_UNDATED : 0) |
    (rules.vouchedLicenceUndated ? F_VOUCHED_LICENCE_UNDATED : 0) |
    (rules.accreditationUndated ? F_ACCREDITATION_UNDATED : 0) |
    (rules.anyGender ? F_ANY_GENDER : 0) |
    (rules.anyAge ? F_ANY_AGE : 0) |
    (rules.notDuiOnly ? F_NOT_DUI_ONLY : 0) |
    (rules.servesAnySubstance ? F_SERVES_ANY_SUBSTANCE : 0) |
    (rules.withdrawalUnlisted ? F_WITHDRAWAL_UNLISTED : 0) |
    (rules.continuesExternalMedication ? F_CONTINUES_EXTERNAL_MEDICATION : 0) |
    (rules.opioidMedicationNotRefused ? F_OPIOID_MEDICATION_NOT_REFUSED : 0) |
    (rules.alcoholMedicationNotRefused ? F_ALCOHOL_MEDICATION_NOT_REFUSED : 0) |
    (offersMoud ? F_OFFERS_MOUD : 0);
  into[offset + R_LICENCE_EXPIRES_LAST] = dayNumber(rules.licenceExpiresLast);
  into[offset + R_VOUCHED_LICENCE_EXPIRES_LAST] = dayNumber(rules.vouchedLicenceExpiresLast);
  into[offset + R_ACCREDITATION_EXPIRES_LAST] = dayNumber(rules.accreditationExpiresLast);
  const count = beds.length / BED_STRIDE;
  into[offset + R_BED_LINES] = count;
  for (let at = 0; at < beds.length; at += 1) into[offset + R_BEDS + at] = beds[at]!;
  const prospects = offset + R_BEDS + beds.length;
  for (let line = 0; line < count; line += 1) {
    const { opening24h, opening72h, waitlist } = lines[line]!;
    into[prospects + line * RECORD_PROSPECT_STRIDE + RP_OPENING_24H] = opening24h;
    into[prospects + line * RECORD_PROSPECT_STRIDE + RP_OPENING_72H] = opening72h;
    into[prospects + line * RECORD_PROSPECT_STRIDE + RP_WAITLIST] = waitlist ? 1 : 0;
  }
  return prospects + count * RECORD_PROSPECT_STRIDE;
}

/** The records of `members`, one after another, and where each starts. */
export function recordsOf(members: readonly FacilityFacts[]): { records: Float64Array; offsets: Int32Array } {
  let length = 0;
  for (const member of members) length += recordLength(member);
  const records = new Float64Array(length);
  const offsets = new Int32Array(members.length);
  let offset = 0;
  members.forEach((member, at) => {
    offsets[at] = offset;
    offset = writeRecord(records, offset, member.rules, member.freeLevels, member.beds, member.facility.beds, member.offersMoud);
  });
  return { records, offsets };
}

/** The record of one facility alone, for a plain list: compiled on first use, as its facts are (factsOf). */
const recorded = new WeakMap<FacilityFacts, Float64Array>();

export function recordOf(facts: FacilityFacts): Float64Array {
  let record = recorded.get(facts);
  if (record === undefined) {
    record = recordsOf([facts]).records;
    recorded.set(facts, record);
  }
  return record;
}

/** The record of a group's summary: what hard-rules.ts groupMayFit reads. */
export function summaryRecord(summary: FactsSummary): Float64Array {
  const record = new Float64Array(R_BEDS);
  writeRecord(record, 0, summary.rules, summary.freeLevels, [], [], false);
  return record;
}
