import { canManageFacility, ROLES, type Principal, type Role } from './principal.js';

const OWN = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

function principal(role: Role, facilityIds: string[] = []): Principal {
  return { sub: '33333333-3333-4333-8333-333333333333', role, facilityIds, organization: null };
}

describe('canManageFacility', () => {
  it('knows exactly four roles', () => {
    expect([...ROLES]).toEqual(['planner', 'facility-staff', 'admin', 'system']);
  });

  it('lets an admin manage any facility, with or without listed facilities', () => {
    expect(canManageFacility(principal('admin'), OWN)).toBe(true);
    expect(canManageFacility(principal('admin'), OTHER)).toBe(true);
    expect(canManageFacility(principal('admin', [OWN]), OTHER)).toBe(true);
  });

  it.each(['facility-staff', 'system'] as const)('lets %s manage only the facilities its token lists', (role) => {
    expect(canManageFacility(principal(role, [OWN]), OWN)).toBe(true);
    expect(canManageFacility(principal(role, [OTHER, OWN]), OWN)).toBe(true);
    expect(canManageFacility(principal(role, [OWN]), OTHER)).toBe(false);
    expect(canManageFacility(principal(role), OWN)).toBe(false);
  });

  it('compares facility ids exactly (no prefix or case tricks)', () => {
    expect(canManageFacility(principal('facility-staff', [OWN]), OWN.slice(0, 8))).toBe(false);
    expect(canManageFacility(principal('facility-staff', [OWN.slice(0, 8)]), OWN)).toBe(false);
    expect(canManageFacility(principal('facility-staff', [OWN]), '')).toBe(false);
  });

  it('never lets a planner manage a facility, even one listed in its token', () => {
    expect(canManageFacility(principal('planner'), OWN)).toBe(false);
    expect(canManageFacility(principal('planner', [OWN]), OWN)).toBe(false);
  });
});
