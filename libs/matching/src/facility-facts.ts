import type { BedType, CredentialType } from '#contracts';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { latitudeCosine } from './geo-distance.js';

/** Values past the 31st of one kind all share bit 31; a search then looks them up in the snapshot's own list. */
export const SHARED_BIT = 1 << 31;

/** Gives each value of one kind (levels of care, payers, languages, …) a bit of its own, in the order first seen. */
export class Vocabulary {
  private readonly bits = new Map<string, number>();

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

/** One vocabulary per kind of value, shared by every facility and request. */
export const VOCABULARY = {
  levels: new Vocabulary(),
  payers: new Vocabulary(),
  populations: new Vocabulary(),
  genders: new Vocabulary(),
  ageGroups: new Vocabulary(),
  languages: new Vocabulary(),
  medications: new Vocabulary(),
} as const;

/**
 * Whether a facility's `mask` holds `value`, whose bit is `bit`; a value on the shared bit is looked
 * up in the facility's own `list`, so the answer is always that of `list.includes(value)`.
 */
export function hasValue(mask: number, bit: number, list: readonly string[], value: string): boolean {
  return bit === SHARED_BIT ? list.includes(value) : (mask & bit) !== 0;
}

/** One bit per bed type, in the order types are named in reasons; an unknown type has none. */
export const BED_TYPE_BITS: Readonly<Record<BedType, number>> = { general: 1, male: 2, female: 4, adolescent: 8 };

/** Credentials that are accreditations by an independent body, not a licence or a registration. */
export const ACCREDITATIONS: readonly CredentialType[] = ['carf', 'joint-commission', 'coa', 'ncqa', 'hfap'];

/** Numbers per bed line in FacilityFacts.beds, and where each sits. */
export const BED_STRIDE = 5;
export const BED_LEVEL = 0;
export const BED_TYPE = 1;
export const BED_AVAILABLE = 2;
export const BED_STAFFED = 3;
export const BED_CONFIRMED = 4;

/**
 * What the hard rules read from one facility, packed into one object of numbers: compiled once when
 * the facility enters the index, so a search reads a small object per facility instead of a dozen
 * lists and strings scattered over the heap. The snapshot stays the source of every word.
 */
export interface FacilityFacts {
  readonly facility: FacilitySnapshot;
  readonly active: boolean;
  readonly latitude: number;
  readonly longitude: number;
  /** latitudeCosine(latitude). */
  readonly cosLatitude: number;
  /** Masks of VOCABULARY bits. */
  readonly levels: number;
  readonly payers: number;
  readonly populations: number;
  readonly genders: number;
  readonly ageGroups: number;
  readonly languages: number;
  readonly medications: number;
  readonly gendersListed: boolean;
  readonly ageGroupsListed: boolean;
  readonly continuesExternalMedication: boolean;
  /** Active credentials: whether one has no expiry, and the latest expiry date of those that have one. */
  readonly credentialUndated: boolean;
  readonly credentialExpiresLast: string | null;
  /** The same for active accreditations. */
  readonly accreditationUndated: boolean;
  readonly accreditationExpiresLast: string | null;
  /** BED_STRIDE numbers per bed line, in the snapshot's order: level bit, bed type bit, available, staffed, confirmedAt in ms (NaN when unreadable). */
  readonly beds: readonly number[];
  /**
   * The level bits of the bed lines with a count that is not 0 or less, whatever their type and age:
   * a level the facility can have a free bed in for some patient lies among them (a sum of counts
   * reaches 1 only if one of them is above 0), so a search skips a facility without a bit it needs.
   */
  readonly freeLevels: number;
}

/**
 * The facts of `facility`. `previous`, the facts of an earlier snapshot of the same facility, lends
 * what has not changed (a capacity update brings a new bed board, and nothing else).
 */
export function compileFacts(facility: FacilitySnapshot, previous?: FacilityFacts): FacilityFacts {
  const before = previous?.facility;
  const credentials = before !== undefined && sameValues(facility.credentials, before.credentials) ? previous! : credentialFacts(facility);
  const mask = (vocabulary: Vocabulary, values: readonly string[], previousValues: readonly string[] | undefined, previousMask: number | undefined): number =>
    previousValues !== undefined && sameValues(values, previousValues) ? previousMask! : vocabulary.maskOf(values);
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
  return {
    facility,
    active: facility.active,
    latitude: facility.latitude,
    longitude: facility.longitude,
    cosLatitude: before !== undefined && before.latitude === facility.latitude ? previous!.cosLatitude : latitudeCosine(facility.latitude),
    levels: mask(VOCABULARY.levels, facility.levelsOfCare, before?.levelsOfCare, previous?.levels),
    payers: mask(VOCABULARY.payers, facility.payers, before?.payers, previous?.payers),
    populations: mask(VOCABULARY.populations, facility.populations, before?.populations, previous?.populations),
    genders: mask(VOCABULARY.genders, facility.gendersAccepted, before?.gendersAccepted, previous?.genders),
    ageGroups: mask(VOCABULARY.ageGroups, facility.ageGroupsAccepted, before?.ageGroupsAccepted, previous?.ageGroups),
    languages: mask(VOCABULARY.languages, facility.languages, before?.languages, previous?.languages),
    medications: mask(VOCABULARY.medications, facility.medications, before?.medications, previous?.medications),
    gendersListed: facility.gendersAccepted.length > 0,
    ageGroupsListed: facility.ageGroupsAccepted.length > 0,
    continuesExternalMedication: facility.continuesExternalMedication === true,
    credentialUndated: credentials.credentialUndated,
    credentialExpiresLast: credentials.credentialExpiresLast,
    accreditationUndated: credentials.accreditationUndated,
    accreditationExpiresLast: credentials.accreditationExpiresLast,
    beds,
    freeLevels,
  };
}

/**
 * What any active facility of a group (a grid cell) offers, in the terms of FacilityFacts: masks
 * joined over the group, so a search can tell that none of them can fit without reading them. Each
 * is a superset of what one facility offers; only a facility's own facts decide that it fits.
 */
export interface FactsSummary {
  /** Active facilities in the group. */
  readonly active: number;
  /** Joined over the active facilities: */
  readonly levels: number;
  readonly freeLevels: number;
  readonly payers: number;
  readonly populations: number;
  readonly languages: number;
  readonly medications: number;
  /** A facility that lists no genders (or age groups) accepts any, and so adds every bit. */
  readonly genders: number;
  readonly ageGroups: number;
  readonly continuesExternalMedication: boolean;
  readonly credentialUndated: boolean;
  readonly credentialExpiresLast: string | null;
  readonly accreditationUndated: boolean;
  readonly accreditationExpiresLast: string | null;
}

/** Every bit of a mask, SHARED_BIT included. */
const EVERY_BIT = -1;

/** The summary of the active facilities among `facts`. */
export function summarizeFacts(facts: readonly FacilityFacts[]): FactsSummary {
  let active = 0;
  let levels = 0;
  let freeLevels = 0;
  let payers = 0;
  let populations = 0;
  let languages = 0;
  let medications = 0;
  let genders = 0;
  let ageGroups = 0;
  let continuesExternalMedication = false;
  let credentialUndated = false;
  let credentialExpiresLast: string | null = null;
  let accreditationUndated = false;
  let accreditationExpiresLast: string | null = null;
  for (const member of facts) {
    if (!member.active) continue;
    active += 1;
    levels |= member.levels;
    freeLevels |= member.freeLevels;
    payers |= member.payers;
    populations |= member.populations;
    languages |= member.languages;
    medications |= member.medications;
    genders |= member.gendersListed ? member.genders : EVERY_BIT;
    ageGroups |= member.ageGroupsListed ? member.ageGroups : EVERY_BIT;
    continuesExternalMedication ||= member.continuesExternalMedication;
    credentialUndated ||= member.credentialUndated;
    credentialExpiresLast = later(credentialExpiresLast, member.credentialExpiresLast);
    accreditationUndated ||= member.accreditationUndated;
    accreditationExpiresLast = later(accreditationExpiresLast, member.accreditationExpiresLast);
  }
  return {
    active,
    levels,
    freeLevels,
    payers,
    populations,
    languages,
    medications,
    genders,
    ageGroups,
    continuesExternalMedication,
    credentialUndated,
    credentialExpiresLast,
    accreditationUndated,
    accreditationExpiresLast,
  };
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

type CredentialFacts = Pick<
  FacilityFacts,
  'credentialUndated' | 'credentialExpiresLast' | 'accreditationUndated' | 'accreditationExpiresLast'
>;

function credentialFacts(facility: FacilitySnapshot): CredentialFacts {
  let credentialUndated = false;
  let credentialExpiresLast: string | null = null;
  let accreditationUndated = false;
  let accreditationExpiresLast: string | null = null;
  for (const credential of facility.credentials) {
    if (credential.status !== 'active') continue;
    const accreditation = ACCREDITATIONS.includes(credential.type);
    // As isCredentialValid reads it: no expiry date (null, undefined or empty) means valid.
    if (!credential.expiresOn) {
      credentialUndated = true;
      if (accreditation) accreditationUndated = true;
      continue;
    }
    if (credentialExpiresLast === null || credential.expiresOn > credentialExpiresLast) credentialExpiresLast = credential.expiresOn;
    if (accreditation && (accreditationExpiresLast === null || credential.expiresOn > accreditationExpiresLast)) {
      accreditationExpiresLast = credential.expiresOn;
    }
  }
  return { credentialUndated, credentialExpiresLast, accreditationUndated, accreditationExpiresLast };
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
