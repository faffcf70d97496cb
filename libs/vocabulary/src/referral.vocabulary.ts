/**
 * The life of a referral sent to one facility, modelled on FHIR R4 Task.status so the closed-loop
 * referral maps one to one onto FHIR (draft is kept for FHIR parity; the API creates tasks requested).
 */
export const TASK_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'on-hold',
  'in-progress',
  'completed',
  'cancelled',
  'failed',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses in which the facility still owes an answer, so a held bed stays held. */
export const AWAITING_ANSWER_STATUSES: readonly TaskStatus[] = ['requested', 'received', 'on-hold'];
/** Statuses after the facility said yes: the bed is the patient's. */
export const PLACED_STATUSES: readonly TaskStatus[] = ['accepted', 'in-progress', 'completed'];
/** Statuses that end the task without a placement: any held bed goes back. */
export const UNPLACED_STATUSES: readonly TaskStatus[] = ['rejected', 'cancelled', 'failed'];

/** What became of a referral, as placement history and figures report it. */
export const REFERRAL_OUTCOMES = [
  'matching',
  'no-match',
  'not-sent',
  'awaiting-answer',
  'accepted',
  'admitted',
  'completed',
  'declined',
  'unplaced',
] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** Why a facility declines: a fixed list, so decline reasons can be counted. */
export const DECLINE_REASONS = ['no-capacity', 'not-eligible', 'clinical-needs-beyond-scope', 'payer', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Where a bed hold stands in the registry, which owns the count. */
export const BED_HOLD_STATUSES = ['held', 'refused', 'released', 'expired', 'converted'] as const;
export type BedHoldStatus = (typeof BED_HOLD_STATUSES)[number];

/** Decline reasons as facility staff pick them. */
export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  'no-capacity': 'No capacity',
  'not-eligible': 'Patient not eligible',
  'clinical-needs-beyond-scope': 'Clinical needs beyond our scope',
  payer: 'Payer not accepted',
  other: 'Other (say why)',
};

/** Task statuses in words a planner reads at a glance. */
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  draft: 'Draft',
  requested: 'Sent, bed held',
  received: 'Seen by facility',
  accepted: 'Accepted',
  rejected: 'Declined',
  'on-hold': 'Facility needs information',
  'in-progress': 'Admitted',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
};
