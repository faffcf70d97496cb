import { randomUUID } from 'node:crypto';

/** No facility of the national directory is near Yellowstone: specs there meet only the facilities they make. */
export const YELLOWSTONE_ZIP = '82190';

/** Distinct facility names for one spec run ("E2E Old Faithful Recovery 1a2b3c4d"). */
export const uniqueName = (prefix: string): string => `${prefix} ${randomUUID().slice(0, 8)}`;

/**
 * The body of POST /api/facilities for a licensed detox facility near Yellowstone that takes Medicaid;
 * a spec names it and overrides only what it is about.
 */
export function testFacility(overrides: { name: string } & Record<string, unknown>): Record<string, unknown> {
  return {
    street: '1 Grand Loop Rd',
    city: 'Yellowstone National Park',
    state: 'WY',
    zip: YELLOWSTONE_ZIP,
    phone: '307-555-0100',
    active: true,
    programs: [{ levelOfCare: 'detox-residential' }],
    medications: [],
    therapies: [],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: [],
    languages: ['english'],
    insurance: { payers: ['medicaid'], privateInsurancePlans: [], upfrontPaymentRequired: false },
    credentials: [{ type: 'state-licence', status: 'active', expiresOn: `${new Date().getUTCFullYear() + 1}-12-31`, identifier: 'WY-E2E', issuer: 'Wyoming' }],
    ...overrides,
  };
}
