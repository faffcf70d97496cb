import { TASK_STATUSES, type TaskStatus } from '#contracts';
import { OUTCOME_RULES, REFERRAL_OUTCOMES, referralOutcome } from './referral-outcome.js';

describe('referral outcome', () => {
  it('follows the matcher until the referral is sent', () => {
    expect(referralOutcome('matching', [])).toBe('matching');
    expect(referralOutcome('no-match', [])).toBe('no-match');
    expect(referralOutcome('matched', [])).toBe('not-sent');
  });

  it('is awaiting an answer while any facility still owes one and none has said yes', () => {
    for (const open of ['requested', 'received', 'on-hold'] as const) {
      expect(referralOutcome('matched', [open])).toBe('awaiting-answer');
      expect(referralOutcome('matched', ['rejected', 'failed', open])).toBe('awaiting-answer');
    }
  });

  it('names the placement once a facility said yes, however the other tasks ended', () => {
    expect(referralOutcome('matched', ['accepted', 'cancelled', 'cancelled'])).toBe('accepted');
    expect(referralOutcome('matched', ['rejected', 'in-progress'])).toBe('admitted');
    expect(referralOutcome('matched', ['completed', 'rejected', 'cancelled'])).toBe('completed');
    // An acceptance ends the other answers; should one still be open, the acceptance counts.
    expect(referralOutcome('matched', ['requested', 'accepted'])).toBe('accepted');
  });

  it('is declined when every task ended and at least one facility said no', () => {
    expect(referralOutcome('matched', ['rejected'])).toBe('declined');
    expect(referralOutcome('matched', ['failed', 'rejected', 'cancelled'])).toBe('declined');
  });

  it('is unplaced when every task ended without a placement and nobody said no', () => {
    expect(referralOutcome('matched', ['failed'])).toBe('unplaced');
    expect(referralOutcome('matched', ['cancelled', 'failed'])).toBe('unplaced');
  });

  it('does not count a draft as sent', () => {
    expect(referralOutcome('matched', ['draft'])).toBe('not-sent');
    expect(referralOutcome('matched', ['draft', 'rejected'])).toBe('declined');
  });

  it('gives every combination of statuses exactly one known outcome, and every outcome is reachable', () => {
    const reached = new Set<string>();
    const statuses = TASK_STATUSES as readonly TaskStatus[];
    for (const matchStatus of ['matching', 'matched', 'no-match'] as const) {
      reached.add(referralOutcome(matchStatus, []));
      for (const first of statuses) {
        for (const second of statuses) {
          const outcome = referralOutcome(matchStatus, [first, second]);
          expect(REFERRAL_OUTCOMES).toContain(outcome);
          // The order of the tasks does not matter.
          expect(referralOutcome(matchStatus, [second, first])).toBe(outcome);
          reached.add(outcome);
        }
      }
    }
    expect([...reached].sort()).toEqual([...REFERRAL_OUTCOMES].sort());
  });

  it('has a rule for every task status but draft, and for every match status', () => {
    const covered = OUTCOME_RULES.flatMap((rule) => ('anyTaskIn' in rule ? rule.anyTaskIn : []));
    expect([...covered].sort()).toEqual(TASK_STATUSES.filter((status) => status !== 'draft').sort());
    expect(OUTCOME_RULES.flatMap((rule) => ('matchStatus' in rule ? [rule.matchStatus] : [])).sort()).toEqual([
      'matched',
      'matching',
      'no-match',
    ]);
  });
});
