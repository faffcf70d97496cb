import { AWAITING_ANSWER_STATUSES, type TaskStatus } from '#contracts';
import { REFERRAL_OUTCOMES, type ReferralOutcome } from '#vocabulary';
import type { MatchStatus } from './match-status.js';

// The outcomes are shared with the web app, so they live in the vocabulary; re-exported for this service.
export { REFERRAL_OUTCOMES, type ReferralOutcome };

export type OutcomeRule =
  | { readonly outcome: ReferralOutcome; readonly anyTaskIn: readonly TaskStatus[] }
  | { readonly outcome: ReferralOutcome; readonly matchStatus: MatchStatus };

/**
 * The rules, in order: the first that applies gives the outcome. A draft task was never sent, so it
 * does not count as a task. The placement analytics repository turns the same list into a SQL CASE
 * expression, so history filters, the export and the figures agree with this function.
 */
export const OUTCOME_RULES: readonly OutcomeRule[] = [
  // A facility said yes: the most advanced placement wins.
  { outcome: 'completed', anyTaskIn: ['completed'] },
  { outcome: 'admitted', anyTaskIn: ['in-progress'] },
  { outcome: 'accepted', anyTaskIn: ['accepted'] },
  { outcome: 'awaiting-answer', anyTaskIn: AWAITING_ANSWER_STATUSES },
  // Every task sent has ended without a placement.
  { outcome: 'declined', anyTaskIn: ['rejected'] },
  { outcome: 'unplaced', anyTaskIn: ['cancelled', 'failed'] },
  // Not sent to any facility.
  { outcome: 'matching', matchStatus: 'matching' },
  { outcome: 'no-match', matchStatus: 'no-match' },
  { outcome: 'not-sent', matchStatus: 'matched' },
];

/** The outcome of a referral from its match status and the statuses of the tasks it was sent as. */
export function referralOutcome(matchStatus: MatchStatus, taskStatuses: readonly TaskStatus[]): ReferralOutcome {
  for (const rule of OUTCOME_RULES) {
    const applies = 'anyTaskIn' in rule ? taskStatuses.some((status) => rule.anyTaskIn.includes(status)) : rule.matchStatus === matchStatus;
    if (applies) return rule.outcome;
  }
  throw new Error(`a referral cannot be ${matchStatus}`);
}
