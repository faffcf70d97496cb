import type { BedCountValue, FacilityCapacityValue, FacilityProfileValue } from '#contracts';
import type { BedCountEntity } from './bed-count.entity.js';
import type { FacilityEntity } from './facility.entity.js';

/** The facility.profile.v1 payload: what matching needs, nothing about patients. */
export function toProfilePayload(facility: FacilityEntity): FacilityProfileValue {
  return {
    facilityId: facility.id,
    name: facility.name,
    city: facility.city,
    state: facility.state,
    zip: facility.zip,
    latitude: facility.latitude,
    longitude: facility.longitude,
    active: facility.active,
    levelsOfCare: [...facility.levelsOfCare],
    payers: [...facility.payers],
    populations: [...facility.populations],
    gendersAccepted: [...facility.gendersAccepted],
    ageGroupsAccepted: [...facility.ageGroupsAccepted],
    credentials: facility.credentials.map((credential) => ({
      type: credential.type,
      status: credential.status,
      expiresOn: credential.expiresOn ?? null,
    })),
    updatedAt: new Date(facility.updatedAt).toISOString(),
  };
}

export function toBedValue(bed: BedCountEntity): BedCountValue {
  return {
    levelOfCare: bed.levelOfCare,
    staffed: bed.staffed,
    available: bed.available,
    confirmedAt: new Date(bed.confirmedAt).toISOString(),
  };
}

/** The facility.capacity.v1 payload carries the whole inventory, so compaction keeps a usable state. */
export function toCapacityPayload(
  facilityId: string,
  beds: readonly BedCountEntity[],
  previousBeds: readonly BedCountEntity[],
): FacilityCapacityValue {
  return { facilityId, beds: beds.map(toBedValue), previousBeds: previousBeds.map(toBedValue) };
}
