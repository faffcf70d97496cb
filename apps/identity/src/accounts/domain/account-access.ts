import type { Role } from '#auth';
import type { FieldProblem } from '#http';

/** Facility staff and bed-update systems act for at least one facility; other roles for none. */
export function actsForFacilities(role: Role): boolean {
  return role === 'facility-staff' || role === 'system';
}

/** What is wrong with giving an account of that role these facilities, if anything. */
export function facilityProblems(role: Role, facilityIds: readonly string[]): FieldProblem[] {
  if (actsForFacilities(role) && facilityIds.length === 0) {
    return [{ field: 'facilityIds', reason: `a ${role} account acts for at least one facility` }];
  }
  if (!actsForFacilities(role) && facilityIds.length > 0) {
    return [{ field: 'facilityIds', reason: `a ${role} account acts for no facility; only facility-staff and system accounts do` }];
  }
  return [];
}

/** The longest an API key may be issued for. */
export const MAX_API_KEY_LIFETIME_DAYS = 366;

/** What is wrong with that expiry for a key issued at `now`, if anything. */
export function apiKeyExpiryProblems(expiresAt: Date | null, now: Date): FieldProblem[] {
  if (expiresAt === null) return [];
  if (Number.isNaN(expiresAt.getTime())) return [{ field: 'expiresAt', reason: 'must be a date and time (ISO 8601)' }];
  if (expiresAt.getTime() <= now.getTime()) return [{ field: 'expiresAt', reason: 'must be in the future' }];
  if (expiresAt.getTime() > now.getTime() + MAX_API_KEY_LIFETIME_DAYS * 86_400_000) {
    return [{ field: 'expiresAt', reason: `must be at most ${MAX_API_KEY_LIFETIME_DAYS} days (about a year) away` }];
  }
  return [];
}

export type ApiKeyState = 'active' | 'revoked' | 'expired';

/** Whether a key may still sign in at `now`: not revoked, and not past its expiry. */
export function apiKeyState(key: { readonly revokedAt: Date | null; readonly expiresAt: Date | null }, now: Date): ApiKeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}
