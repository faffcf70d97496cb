import type { TaskStatus } from '#contracts';

/** Where each status may go next (FHIR Task's state machine, narrowed to a referral's life). */
export const TASK_TRANSITIONS: { readonly [S in TaskStatus]: readonly TaskStatus[] } = {
  draft: ['requested', 'cancelled'],
  requested: ['received', 'accepted', 'rejected', 'on-hold', 'cancelled', 'failed'],
  received: ['accepted', 'rejected', 'on-hold', 'cancelled', 'failed'],
  'on-hold': ['received', 'accepted', 'rejected', 'cancelled', 'failed'],
  accepted: ['in-progress', 'cancelled', 'failed'],
  'in-progress': ['completed'],
  completed: [],
  rejected: [],
  cancelled: [],
  failed: [],
};

/** What people do to a task over the API, who does it, and the status it leads to. */
export const TASK_ACTIONS = {
  receive: { to: 'received', by: 'facility' },
  accept: { to: 'accepted', by: 'facility' },
  decline: { to: 'rejected', by: 'facility' },
  'ask-for-information': { to: 'on-hold', by: 'facility' },
  admit: { to: 'in-progress', by: 'facility' },
  'no-show': { to: 'failed', by: 'facility', reason: 'no-show' },
  complete: { to: 'completed', by: 'facility' },
  cancel: { to: 'cancelled', by: 'planner' },
} as const satisfies Record<string, { to: TaskStatus; by: 'facility' | 'planner'; reason?: string }>;
export type TaskAction = keyof typeof TASK_ACTIONS;
export const TASK_ACTION_NAMES = Object.keys(TASK_ACTIONS) as TaskAction[];

/** Why a move is not allowed, or null when it is. */
export function transitionProblem(from: TaskStatus, to: TaskStatus): string | null {
  if (TASK_TRANSITIONS[from].includes(to)) return null;
  const next = TASK_TRANSITIONS[from];
  return next.length === 0
    ? `the referral to this facility is ${from}, which is final`
    : `a referral that is ${from} cannot become ${to}; it can become ${next.join(', ')}`;
}

export function isFinal(status: TaskStatus): boolean {
  return TASK_TRANSITIONS[status].length === 0;
}
