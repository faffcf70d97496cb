import {
  AWAITING_ANSWER_STATUSES,
  PLACED_STATUSES,
  UNPLACED_STATUSES,
  type BedFitValue,
  type BedHoldStatus,
  type BedType,
  type LevelOfCare,
  type TaskStatus,
} from '#contracts';
import { chooseBedLine, type HoldableLine } from './bed-hold-rules.js';

/** The hold as it stands, read under its row lock. */
export interface CurrentHold {
  readonly status: BedHoldStatus;
  /** The bed line the hold took; null when none was taken. */
  readonly bedType: BedType | null;
  /** The newest task version applied. */
  readonly taskVersion: number;
  readonly expiresAt: Date | null;
}

/** What the hold becomes. */
export interface HoldState {
  readonly status: BedHoldStatus;
  readonly bedType: BedType | null;
  /** Why, for the planner; null when the status says it all. */
  readonly reason: string | null;
  /** When a held bed goes back on its own; null unless held. */
  readonly expiresAt: Date | null;
}

/** The part of a referral task (referral.task.v2) a hold depends on. */
export interface TaskChange {
  readonly facilityId: string;
  readonly status: TaskStatus;
  readonly statusReason: string | null;
  readonly levelOfCare: LevelOfCare;
  readonly patient: BedFitValue;
}

/** How long a hold lasts, and how old a bed count may be before a hold will not trust it. */
export interface HoldRules {
  readonly holdSeconds: number;
  readonly staleAfterHours: number;
}

export type BedHoldEvent =
  /** The task changed status; `sequence` is its version, which only grows. */
  | { readonly kind: 'task'; readonly sequence: number; readonly task: TaskChange; readonly rules: HoldRules }
  /** The sweeper found the hold due. */
  | { readonly kind: 'expiry' };

/** One bed moved on a bed line, as one guarded UPDATE that may find nothing to move. */
export type BedMove = 'hold' | 'release' | 'convert' | 'take';

export type BedHoldDecision =
  /** Nothing moves and no event is written; `remember`: the hold row still takes the newer task version. */
  | { readonly action: 'nothing'; readonly why: string; readonly remember: boolean }
  /** The hold changes (and is announced); no bed moves. */
  | { readonly action: 'set'; readonly hold: HoldState }
  /**
   * One bed moves on the `bedType` line of the hold's facility and level; the hold becomes `hold`, or
   * `ifNotMoved` when the guard found no bed to move (taken meanwhile, or absorbed by a later count).
   */
  | { readonly action: BedMove; readonly bedType: BedType; readonly hold: HoldState; readonly ifNotMoved: HoldState };

export const EXPIRED_REASON = 'the facility did not answer before the hold ran out; the bed went back on the board';
export const TAKEN_LATE_REASON = 'accepted after the hold had ended; a free bed was taken';
export const NO_BED_ON_ACCEPT_REASON = 'accepted with no free bed on the board; the facility should update its count';
export const UNKNOWN_FACILITY_ACCEPT_REASON = 'accepted by a facility that is not in the registry';

/** Where a task status leaves the bed: held while an answer is owed, the patient's once placed, back otherwise. */
export type TaskPhase = 'draft' | 'awaiting-answer' | 'placed' | 'unplaced';

export function phaseOf(status: TaskStatus): TaskPhase {
  if (AWAITING_ANSWER_STATUSES.includes(status)) return 'awaiting-answer';
  if (PLACED_STATUSES.includes(status)) return 'placed';
  if (UNPLACED_STATUSES.includes(status)) return 'unplaced';
  return 'draft';
}

/**
 * What to do to a hold and its bed line, given the hold (null before the task's first event), the
 * facility's bed lines read under its lock (null when the facility is not in the registry), what
 * happened, and the clock. The caller locks, decides, then applies the decision.
 */
export function decide(hold: CurrentHold | null, board: readonly HoldableLine[] | null, event: BedHoldEvent, now: Date): BedHoldDecision {
  return event.kind === 'expiry' ? decideExpiry(hold, now) : decideTask(hold, board, event, now);
}

function decideExpiry(hold: CurrentHold | null, now: Date): BedHoldDecision {
  // Another sweeper, or a task event, got there first.
  if (!hold || hold.status !== 'held' || !hold.expiresAt || hold.expiresAt > now) {
    return { action: 'nothing', why: 'the hold is no longer held or not yet due', remember: false };
  }
  const expired: HoldState = { status: 'expired', bedType: hold.bedType, reason: EXPIRED_REASON, expiresAt: null };
  return move('release', hold.bedType, expired, expired);
}

function decideTask(
  hold: CurrentHold | null,
  board: readonly HoldableLine[] | null,
  event: Extract<BedHoldEvent, { kind: 'task' }>,
  now: Date,
): BedHoldDecision {
  const { task, sequence, rules } = event;
  // Task versions only grow: a duplicate or an older status arriving late changes nothing.
  if (hold && hold.taskVersion >= sequence) {
    return { action: 'nothing', why: `task version ${hold.taskVersion} is already applied`, remember: false };
  }

  switch (phaseOf(task.status)) {
    case 'awaiting-answer': {
      // The first event decided; a later "received" or "on-hold" keeps whatever it decided.
      if (hold) return { action: 'nothing', why: `the hold is already ${hold.status}`, remember: true };
      if (!board) return set('refused', null, `facility ${task.facilityId} is not in the registry`);
      const choice = chooseBedLine(board, task.levelOfCare, task.patient, now, rules.staleAfterHours);
      if (!choice.ok) return set('refused', null, choice.reason);
      return move(
        'hold',
        choice.bedType,
        { status: 'held', bedType: choice.bedType, reason: null, expiresAt: new Date(now.getTime() + rules.holdSeconds * 1000) },
        { status: 'refused', bedType: null, reason: `no ${task.levelOfCare} bed is free`, expiresAt: null },
      );
    }

    case 'placed': {
      if (hold?.status === 'converted') return { action: 'nothing', why: "the bed is already the patient's", remember: true };
      if (!board) return set('converted', hold?.bedType ?? null, UNKNOWN_FACILITY_ACCEPT_REASON);
      if (hold?.status === 'held') {
        const converted: HoldState = { status: 'converted', bedType: hold.bedType, reason: null, expiresAt: null };
        return move('convert', hold.bedType, converted, converted);
      }
      // Accepted with no standing hold (it expired, or events came out of order): take a free bed if any,
      // however old its count, since the patient is coming either way.
      const choice = chooseBedLine(board, task.levelOfCare, task.patient, now, Number.MAX_SAFE_INTEGER);
      const noBed: HoldState = { status: 'converted', bedType: null, reason: NO_BED_ON_ACCEPT_REASON, expiresAt: null };
      if (!choice.ok) return { action: 'set', hold: noBed };
      const taken: HoldState = { status: 'converted', bedType: choice.bedType, reason: TAKEN_LATE_REASON, expiresAt: null };
      return move('take', choice.bedType, taken, noBed);
    }

    case 'unplaced': {
      if (hold?.status === 'held') {
        const reason = task.statusReason ?? task.status;
        const released: HoldState = { status: 'released', bedType: hold.bedType, reason, expiresAt: null };
        // A facility gone from the registry has no bed line to give the bed back to.
        return board ? move('release', hold.bedType, released, released) : { action: 'set', hold: released };
      }
      // Ended before any bed was held: remember it, so a late "requested" cannot hold a bed.
      if (!hold) return set('released', null, `task ${task.status} before a bed was held`);
      return { action: 'nothing', why: `the hold is already ${hold.status}`, remember: true };
    }

    case 'draft':
      return { action: 'nothing', why: 'a draft task holds no bed yet', remember: hold !== null };
  }
}

function set(status: BedHoldStatus, bedType: BedType | null, reason: string): BedHoldDecision {
  return { action: 'set', hold: { status, bedType, reason, expiresAt: null } };
}

/** A held hold always names its bed line; were it ever without one, no bed could move. */
function move(action: BedMove, bedType: BedType | null, hold: HoldState, ifNotMoved: HoldState): BedHoldDecision {
  return bedType ? { action, bedType, hold, ifNotMoved } : { action: 'set', hold: ifNotMoved };
}
