import type {
  BedCountValue,
  CredentialValue,
  FacilityAccreditationValue,
  FacilityCapacityValue,
  FacilityInsuranceValue,
  FacilityProfileState,
  FacilityProfileValue,
  InsuranceState,
} from '#contracts';
import type { BedLine } from './facility-rules.js';

/** Only read here: arrays may be readonly, so records other than the stored facilities fit too. */
type ReadFrom<T> = { readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? readonly E[] : T[K] };

/** Lists the profile topic made optional when they arrived; a stored facility always has them. */
type LaterLists =
  'medicationServices' | 'substancesNotTreated' | 'servesOnlyClientsWith' | 'withdrawalManaged' | 'operators' | 'supportServices';

/**
 * The fields the four facility topics are built from: a stored facility, or any record with them (the
 * benchmark builds its events from its own facilities with these same functions).
 */
export type FacilityProfileSource = ReadFrom<
  Omit<FacilityProfileState, 'updatedAt' | LaterLists> & Required<Pick<FacilityProfileState, LaterLists>> & { updatedAt: Date }
>;
export type FacilityInsuranceSource = ReadFrom<InsuranceState>;
/** A bed line as stored: what the facility reported, and when it confirmed it. */
export type BedCountSource = BedLine & { readonly confirmedAt: Date };
/** A facility's id, which keys its events. */
export type FacilityKey = { readonly id: string };

/** The facility.profile.v2 state: what the facility offers and whom it serves, nothing about patients. */
export function toProfileState(facility: FacilityProfileSource): FacilityProfileState {
  return {
    name: facility.name,
    street: facility.street,
    city: facility.city,
    state: facility.state,
    zip: facility.zip,
    phone: facility.phone,
    latitude: facility.latitude,
    longitude: facility.longitude,
    active: facility.active,
    programs: facility.programs.map((program) => ({
      levelOfCare: program.levelOfCare,
      asamEdition: program.asamEdition ?? null,
      asamLevel: program.asamLevel ?? null,
      lengthOfStayDays: program.lengthOfStayDays ?? null,
      hoursPerWeek: program.hoursPerWeek ?? null,
    })),
    medications: [...facility.medications],
    continuesExternalMedication: facility.continuesExternalMedication,
    // Optional on the topic (absent = none on file), always sent by the registry.
    medicationServices: [...(facility.medicationServices ?? [])],
    substancesNotTreated: [...(facility.substancesNotTreated ?? [])],
    servesOnlyClientsWith: [...(facility.servesOnlyClientsWith ?? [])],
    withdrawalManaged: [...(facility.withdrawalManaged ?? [])],
    operators: [...(facility.operators ?? [])],
    supportServices: [...(facility.supportServices ?? [])],
    therapies: [...facility.therapies],
    populations: [...facility.populations],
    gendersAccepted: [...facility.gendersAccepted],
    ageGroupsAccepted: [...facility.ageGroupsAccepted],
    languages: [...facility.languages],
    updatedAt: new Date(facility.updatedAt).toISOString(),
  };
}

export function toProfilePayload(
  facility: FacilityProfileSource & FacilityKey,
  previous: FacilityProfileState | null,
): FacilityProfileValue {
  return { facilityId: facility.id, ...toProfileState(facility), previous };
}

/** `available` on Kafka is what matching may offer: beds free and not held. */
export function toBedValue(bed: BedCountSource): BedCountValue {
  return {
    levelOfCare: bed.levelOfCare,
    bedType: bed.bedType,
    staffed: bed.staffed,
    available: bed.available,
    opening24h: bed.opening24h,
    opening72h: bed.opening72h,
    waitlist: bed.waitlist,
    typicalWaitDays: bed.typicalWaitDays,
    confirmedAt: new Date(bed.confirmedAt).toISOString(),
  };
}

/** The facility.capacity.v2 payload carries the whole inventory, so compaction keeps a usable state. */
export function toCapacityPayload(
  facilityId: string,
  beds: readonly BedCountSource[],
  previousBeds: readonly BedCountSource[],
): FacilityCapacityValue {
  return { facilityId, beds: beds.map(toBedValue), previousBeds: previousBeds.map(toBedValue) };
}

export function toCredentialValues(credentials: readonly CredentialValue[]): CredentialValue[] {
  return credentials.map((credential) => ({
    type: credential.type,
    status: credential.status,
    expiresOn: credential.expiresOn ?? null,
    identifier: credential.identifier ?? null,
    issuer: credential.issuer ?? null,
    // The event carries who vouches for it (not the admin's review): absent on input, it is the facility's word.
    verification: credential.verification ?? 'unverified',
  }));
}

export function toAccreditationPayload(
  facilityId: string,
  credentials: readonly CredentialValue[],
  previous: readonly CredentialValue[],
): FacilityAccreditationValue {
  return { facilityId, credentials: toCredentialValues(credentials), previousCredentials: toCredentialValues(previous) };
}

export function toInsuranceState(facility: FacilityInsuranceSource): InsuranceState {
  return {
    payers: [...facility.payers],
    privateInsurancePlans: [...facility.privateInsurancePlans],
    upfrontPaymentRequired: facility.upfrontPaymentRequired,
  };
}

export function toInsurancePayload(
  facility: FacilityInsuranceSource & FacilityKey,
  previous: InsuranceState | null,
): FacilityInsuranceValue {
  return { facilityId: facility.id, ...toInsuranceState(facility), previous };
}
