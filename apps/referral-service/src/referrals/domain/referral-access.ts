import { canManageFacility, type Principal } from '#auth';

/** What decides who may see and act on a referral: who submitted it, for which organisation, sent where. */
export interface ReferralOwnership {
  readonly organization: string | null;
  readonly submittedBy: string | null;
  readonly tasks?: readonly { readonly facilityId: string }[];
}

/**
 * Who may see a referral: admins; the planners of the submitting organisation (or the submitter,
 * when there is none); staff of a facility it was sent to. Anyone else learns nothing, not even
 * that it exists (404).
 */
export function canSeeReferral(principal: Principal, referral: ReferralOwnership): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'planner') return isPlannerOf(principal, referral);
  if (principal.role === 'facility-staff') return (referral.tasks ?? []).some((task) => canManageFacility(principal, task.facilityId));
  return false;
}

/** A planner acts on the referrals of their organisation. */
export function isPlannerOf(principal: Principal, referral: ReferralOwnership): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'planner') return false;
  if (referral.organization !== null && principal.organization !== null) return referral.organization === principal.organization;
  return referral.submittedBy === principal.sub;
}
