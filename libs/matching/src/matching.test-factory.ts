import type { CredentialVerification } from '#contracts';
import type { BedCount, Credential, FacilitySnapshot } from './facility-snapshot.js';
import type { MatchRequest, PatientNeeds } from './match-request.js';

// Test factories for the unit specs of libs/matching: one fixed moment and place, and facilities, bed
// lines and requests that fit each other by default, so that a spec overrides only what it is about.
// Only spec files import this file; it is not part of the library (not exported from index.ts).

/** A point on the globe, as facilities and request origins give it. */
export type Point = { readonly latitude: number; readonly longitude: number };

/** The moment the rules are evaluated at in every spec. */
export const AS_OF = new Date('2025-06-15T12:00:00.000Z');
/** Louisville, KY: the default request's origin and the default facility's position. */
export const LOUISVILLE: Point = { latitude: 38.2527, longitude: -85.7585 };
/** Lexington, KY: about 70 mi east of Louisville. */
export const LEXINGTON: Point = { latitude: 38.0406, longitude: -84.5037 };
/** Miles per degree of latitude on the sphere the distance function uses. */
export const MILES_PER_DEGREE = (3958.8 * Math.PI) / 180;
/** The level of care the default request asks for and the default facility and bed line offer. */
export const LEVEL = 'residential-short-term' as const;

/** A point `miles` due north of Louisville. */
export function northOfOrigin(miles: number): { latitude: number; longitude: number } {
  return { latitude: LOUISVILLE.latitude + miles / MILES_PER_DEGREE, longitude: LOUISVILLE.longitude };
}

/** The ISO instant `hours` before AS_OF (after it, for a negative number). */
export function hoursBefore(hours: number): string {
  return new Date(AS_OF.getTime() - hours * 3_600_000).toISOString();
}

/** One general bed line of the requested level, 4 of 20 free, confirmed just now; override what a test is about. */
export function bed(overrides: Partial<BedCount> = {}): BedCount {
  return {
    levelOfCare: LEVEL,
    bedType: 'general',
    staffed: 20,
    available: 4,
    opening24h: 0,
    opening72h: 0,
    waitlist: false,
    typicalWaitDays: null,
    confirmedAt: AS_OF.toISOString(),
    ...overrides,
  };
}

/** A facility that fits the default request, at the origin, with buprenorphine, CBT and a dated licence; override what a test is about. */
export function facility(overrides: Partial<FacilitySnapshot> = {}): FacilitySnapshot {
  return {
    facilityId: 'fac-default',
    name: 'Default Recovery Center',
    city: 'Louisville',
    state: 'KY',
    latitude: LOUISVILLE.latitude,
    longitude: LOUISVILLE.longitude,
    active: true,
    levelsOfCare: [LEVEL],
    medications: ['buprenorphine'],
    continuesExternalMedication: true,
    medicationServices: [],
    substancesNotTreated: [],
    servesOnlyClientsWith: [],
    withdrawalManaged: [],
    operators: [],
    supportServices: [],
    therapies: ['cognitive-behavioral-therapy'],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: [],
    languages: ['english'],
    payers: ['medicaid'],
    credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2026-06-30' }],
    beds: [bed()],
    ...overrides,
  };
}

/**
 * Every verification a credential can carry, absent included (a facility as the directory lists it),
 * for specs that draw credentials at random.
 */
export const VERIFICATIONS: readonly (CredentialVerification | undefined)[] = ['directory-listed', 'unverified', 'verified', undefined];

/** An active state licence without expiry, as the facility entered it and no admin has verified; override what a test is about. */
export function unverified(overrides: Partial<Credential> = {}): Credential {
  return { type: 'state-licence', status: 'active', expiresOn: null, verification: 'unverified', ...overrides };
}

/** An active state licence without expiry that an admin verified; override what a test is about. */
export function verified(overrides: Partial<Credential> = {}): Credential {
  return { type: 'state-licence', status: 'active', expiresOn: null, verification: 'verified', ...overrides };
}

/** The default facility stating nothing the need rules read: no medications or therapies, a licence with no expiry. */
export function bareFacility(overrides: Partial<FacilitySnapshot> = {}): FacilitySnapshot {
  return facility({
    medications: [],
    continuesExternalMedication: null,
    therapies: [],
    credentials: [{ type: 'state-licence', status: 'active', expiresOn: null }],
    ...overrides,
  });
}

/** The default patient: a man aged 26–64 needing treatment for opioids, with no other needs; override what a test is about. */
export function patientNeeds(overrides: Partial<PatientNeeds> = {}): PatientNeeds {
  return {
    gender: 'male',
    ageBand: '26-64',
    pregnant: false,
    coOccurringMentalIllness: false,
    substances: ['opioids'],
    courtOrder: null,
    ...overrides,
  };
}

/** A Medicaid request for LEVEL within 100 mi of Louisville at AS_OF; `needs` (then `overrides.needs`) override the default patient's. */
export function request(overrides: Partial<MatchRequest> = {}, needs: Partial<PatientNeeds> = {}): MatchRequest {
  return {
    levelOfCare: LEVEL,
    payer: 'medicaid',
    origin: LOUISVILLE,
    maxDistanceMiles: 100,
    asOf: AS_OF,
    staleAfterHours: 24,
    ...overrides,
    needs: patientNeeds({ ...overrides.needs, ...needs }),
  };
}
