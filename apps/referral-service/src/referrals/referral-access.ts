import { canManageFacility, type Principal } from '#auth';
import type { ReferralEntity } from './referral.entity.js';

/**
 * Who may see a referral: admins; the planners of the submitting organisation (or the submitter,
 * when there is none); staff of a facility it was sent to. Anyone else learns nothing, not even
 * that it exists (404).
 */
export function canSeeReferral(principal: Principal, referral: ReferralEntity): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'planner') return isPlannerOf(principal, referral);
  if (principal.role === 'facility-staff') return (referral.tasks ?? []).some((task) => canManageFacility(principal, task.facilityId));
  return false;
}

/** A planner acts on the referrals of their organisation. */
export function isPlannerOf(principal: Principal, referral: ReferralEntity): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'planner') return false;
  if (referral.organization !== null && principal.organization !== null) return referral.organization === principal.organization;
  return referral.submittedBy === principal.sub;
}
