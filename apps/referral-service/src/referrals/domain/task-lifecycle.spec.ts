import { TASK_STATUSES } from '#contracts';
import { isFinal, TASK_ACTIONS, TASK_TRANSITIONS, transitionProblem } from './task-lifecycle.js';

describe('task lifecycle', () => {
  it('lets a requested referral be accepted, declined, put on hold, cancelled or failed', () => {
    for (const to of ['received', 'accepted', 'rejected', 'on-hold', 'cancelled', 'failed'] as const) {
      expect(transitionProblem('requested', to)).toBeNull();
    }
  });

  it('walks the happy path from requested to completed', () => {
    const path = ['requested', 'received', 'accepted', 'in-progress', 'completed'] as const;
    for (let step = 1; step < path.length; step += 1) expect(transitionProblem(path[step - 1], path[step])).toBeNull();
  });

  it('explains why an illegal move is refused, naming the allowed ones', () => {
    expect(transitionProblem('requested', 'completed')).toBe(
      'a referral that is requested cannot become completed; it can become received, accepted, rejected, on-hold, cancelled, failed',
    );
    expect(transitionProblem('rejected', 'accepted')).toBe('the referral to this facility is rejected, which is final');
  });

  it('never leaves a final status and never moves back to requested once answered', () => {
    for (const status of ['completed', 'rejected', 'cancelled', 'failed'] as const) expect(isFinal(status)).toBe(true);
    for (const status of ['accepted', 'in-progress'] as const) expect(transitionProblem(status, 'requested')).not.toBeNull();
  });

  it('covers every FHIR status and only leads to known ones', () => {
    expect(Object.keys(TASK_TRANSITIONS).sort()).toEqual([...TASK_STATUSES].sort());
    for (const next of Object.values(TASK_TRANSITIONS)) for (const to of next) expect(TASK_STATUSES).toContain(to);
    for (const action of Object.values(TASK_ACTIONS)) expect(TASK_STATUSES).toContain(action.to);
  });
});
