import { randomUUID } from 'node:crypto';
import { api, signInAs, signInAsAdmin } from './system-under-test.js';

/** No facility of the national directory is near Yellowstone: specs there meet only the facilities they make. */
export const YELLOWSTONE_ZIP = '82190';

/** Credentials the specs make expire at the end of next year, so they are always current. */
export const NEXT_YEAR = new Date().getUTCFullYear() + 1;

/** Distinct facility names for one spec run ("E2E Old Faithful Recovery 1a2b3c4d"). */
export const uniqueName = (prefix: string): string => `${prefix} ${randomUUID().slice(0, 8)}`;

/** Every withdrawal the directory can state (ADTX, BDTX, ODTX, CDTX/MDTX): a test detox takes any substance. */
export const ALL_WITHDRAWAL = ['alcohol', 'sedatives', 'opioids', 'stimulants'];

/**
 * The body of POST /api/facilities for a licensed detox facility near Yellowstone that takes Medicaid
 * and manages every withdrawal, so detox referrals for any substance find it; a spec names it and
 * overrides only what it is about.
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
    medicationServices: [],
    substancesNotTreated: [],
    servesOnlyClientsWith: [],
    withdrawalManaged: ALL_WITHDRAWAL,
    operators: [],
    supportServices: [],
    therapies: [],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: [],
    languages: ['english'],
    insurance: { payers: ['medicaid'], privateInsurancePlans: [], upfrontPaymentRequired: false },
    credentials: [{ type: 'state-licence', status: 'active', expiresOn: `${NEXT_YEAR}-12-31`, identifier: 'WY-E2E', issuer: 'Wyoming' }],
    ...overrides,
  };
}

/** One line of PUT /api/facilities/:id/capacity. */
export type BedLine = { levelOfCare: string; staffed: number; available: number } & Record<string, unknown>;

/**
 * Creates testFacility(overrides) as the admin (`adminToken`, else signInAsAdmin()), signs in a
 * member of its staff and has them report `beds`; returns its id and the staff member's token.
 */
export async function createTestFacility(
  overrides: { name: string } & Record<string, unknown>,
  beds: BedLine[] = [{ levelOfCare: 'detox-residential', staffed: 8, available: 4 }],
  adminToken?: string,
): Promise<{ id: string; staffToken: string }> {
  const created = await api<{ id: string }>('POST', '/api/facilities', testFacility(overrides), adminToken ?? (await signInAsAdmin()));
  expect(created.status).toBe(201);
  const staffToken = await signInAs('facility-staff', [created.body.id]);
  const reported = await api('PUT', `/api/facilities/${created.body.id}/capacity`, { beds }, staffToken);
  expect(reported.status).toBe(200);
  return { id: created.body.id, staffToken };
}
