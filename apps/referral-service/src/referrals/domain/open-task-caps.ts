// A planner holding every free bed in a region denies care to others: open tasks (each holds a bed) are capped.

/** How many tasks awaiting an answer (each holding a bed) a referral, and an organisation, may have at once. */
export interface OpenTaskCaps {
  readonly perReferral: number;
  readonly perOrganization: number;
}

/**
 * Whose referrals share the organisation cap: the referral's organisation, or, when it has none,
 * the account that submitted it; null for a referral from before accounts existed (only its own cap applies).
 */
export type OpenTaskScope = { readonly organization: string } | { readonly submittedBy: string };

/** The scope a referral's open tasks count against. */
export function openTaskScopeOf(referral: {
  readonly organization: string | null;
  readonly submittedBy: string | null;
}): OpenTaskScope | null {
  if (referral.organization !== null) return { organization: referral.organization };
  if (referral.submittedBy !== null) return { submittedBy: referral.submittedBy };
  return null;
}

export interface OpenTaskRequest {
  /** Facilities the send would add (those already awaiting an answer on this referral are not counted again). */
  readonly adding: number;
  /** Tasks of this referral awaiting an answer now. */
  readonly openOnReferral: number;
  /** Tasks awaiting an answer across every referral of the scope, this one's included; null when there is no scope. */
  readonly openInScope: number | null;
  readonly scope: OpenTaskScope | null;
}

export interface OpenTaskDecision {
  /** How many more tasks may be opened now, for the referral and its scope together. */
  readonly mayAdd: number;
  /** Why the send is refused, in plain words; null when all `adding` fit. */
  readonly refusal: string | null;
}

const facilities = (count: number): string => `${count} ${count === 1 ? 'facility' : 'facilities'}`;

/** Whether a send of `adding` new tasks fits under both caps; a send that does not fit is refused whole. */
export function decideOpenTasks(request: OpenTaskRequest, caps: OpenTaskCaps): OpenTaskDecision {
  const leftOnReferral = Math.max(0, caps.perReferral - request.openOnReferral);
  const leftInScope = request.openInScope === null ? Infinity : Math.max(0, caps.perOrganization - request.openInScope);
  const mayAdd = Math.min(leftOnReferral, leftInScope);
  if (request.adding <= mayAdd) return { mayAdd, refusal: null };
  if (request.adding > leftOnReferral) {
    const open = request.openOnReferral;
    const refusal =
      leftOnReferral === 0
        ? `this referral already has ${facilities(open)} holding a bed; wait for answers or cancel one`
        : `this referral already has ${facilities(open)} holding a bed and may have at most ${caps.perReferral}; ` +
          `send to at most ${leftOnReferral} more, or wait for answers or cancel one`;
    return { mayAdd, refusal };
  }
  const whose = request.scope !== null && 'organization' in request.scope ? 'your organisation' : 'your account';
  const refusal =
    leftInScope === 0
      ? `${whose} already has ${facilities(request.openInScope ?? 0)} holding a bed across its referrals, the most allowed at once; ` +
        'wait for answers or cancel some'
      : `${whose} already has ${facilities(request.openInScope ?? 0)} holding a bed across its referrals and may have at most ` +
        `${caps.perOrganization}; send to at most ${leftInScope} more, or wait for answers or cancel some`;
  return { mayAdd, refusal };
}
