import { apiKeyExpiryProblems, apiKeyState, facilityProblems } from './account-access.js';

const FACILITY = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2026-03-01T12:00:00Z');
const days = (count: number): Date => new Date(NOW.getTime() + count * 86_400_000);

describe('facilityProblems', () => {
  it.each(['facility-staff', 'system'] as const)('needs at least one facility for a %s account', (role) => {
    expect(facilityProblems(role, [])).toEqual([{ field: 'facilityIds', reason: expect.stringMatching(/at least one facility/) }]);
    expect(facilityProblems(role, [FACILITY])).toEqual([]);
  });

  it.each(['planner', 'admin'] as const)('refuses facilities for a %s account', (role) => {
    expect(facilityProblems(role, [FACILITY])).toEqual([{ field: 'facilityIds', reason: expect.stringMatching(/no facility/) }]);
    expect(facilityProblems(role, [])).toEqual([]);
  });
});

describe('apiKeyExpiryProblems', () => {
  it('accepts no expiry, or one in the next year', () => {
    expect(apiKeyExpiryProblems(null, NOW)).toEqual([]);
    expect(apiKeyExpiryProblems(days(1), NOW)).toEqual([]);
    expect(apiKeyExpiryProblems(days(366), NOW)).toEqual([]);
  });

  it('refuses a past, present or too distant expiry, naming the field', () => {
    expect(apiKeyExpiryProblems(days(-1), NOW)).toEqual([{ field: 'expiresAt', reason: 'must be in the future' }]);
    expect(apiKeyExpiryProblems(NOW, NOW)).toEqual([{ field: 'expiresAt', reason: 'must be in the future' }]);
    expect(apiKeyExpiryProblems(days(367), NOW)).toEqual([{ field: 'expiresAt', reason: expect.stringMatching(/at most 366 days/) }]);
    expect(apiKeyExpiryProblems(new Date('nonsense'), NOW)[0]?.field).toBe('expiresAt');
  });
});

describe('apiKeyState', () => {
  it('tells an active key from a revoked or an expired one', () => {
    expect(apiKeyState({ revokedAt: null, expiresAt: null }, NOW)).toBe('active');
    expect(apiKeyState({ revokedAt: null, expiresAt: days(1) }, NOW)).toBe('active');
    expect(apiKeyState({ revokedAt: null, expiresAt: NOW }, NOW)).toBe('expired');
    expect(apiKeyState({ revokedAt: days(-2), expiresAt: days(-1) }, NOW)).toBe('revoked');
  });
});
