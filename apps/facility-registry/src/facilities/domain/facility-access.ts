import { canManageFacility, type Principal } from '#auth';
import { DomainError } from '#http';

/** Facility staff change only their own facilities; admins change any. */
export function assertCanManageFacility(principal: Principal, facilityId: string): void {
  if (!canManageFacility(principal, facilityId)) {
    throw new DomainError(
      'forbidden',
      principal.role === 'admin' || principal.role === 'facility-staff' || principal.role === 'system'
        ? `You act for facilities ${principal.facilityIds.join(', ') || '(none)'}, not ${facilityId}`
        : `A ${principal.role} account cannot change facilities`,
    );
  }
}
