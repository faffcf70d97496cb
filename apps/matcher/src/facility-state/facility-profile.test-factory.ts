import type { FacilityProfileValue } from '#contracts';

/**
 * For unit specs: the profile payload of Harbor House, a licensed detox at ZIP 40202 with nothing else
 * on file (no medications, therapies or restricted populations); `overrides` set what a spec is about.
 */
export function harborHouseProfile(updatedAt: Date, overrides: Partial<FacilityProfileValue> = {}): FacilityProfileValue {
  return {
    facilityId: 'f1',
    name: 'Harbor House',
    street: '1 Main St',
    city: 'Louisville',
    state: 'KY',
    zip: '40202',
    phone: '502-555-0100',
    latitude: 38.25,
    longitude: -85.75,
    active: true,
    programs: [{ levelOfCare: 'detox-residential' }],
    medications: [],
    continuesExternalMedication: null,
    therapies: [],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: [],
    languages: ['english'],
    updatedAt: updatedAt.toISOString(),
    previous: null,
    ...overrides,
  };
}
