export const ROLES = ['planner', 'facility-staff', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as carried in the access token. */
export interface Principal {
  /** Account id. */
  readonly sub: string;
  readonly role: Role;
  /** Facilities the account acts for (facility staff and systems that update beds). */
  readonly facilityIds: readonly string[];
  /** The planner's organisation, e.g. a hospital. */
  readonly organization: string | null;
}

/** Facility staff and bed-update systems act only for their own facilities; admins for any. */
export function canManageFacility(principal: Principal, facilityId: string): boolean {
  if (principal.role === 'admin') return true;
  return (principal.role === 'facility-staff' || principal.role === 'system') && principal.facilityIds.includes(facilityId);
}
