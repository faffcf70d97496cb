import type { TaskStatus } from '#contracts';
import type { Transaction } from '#persistence';
import type { OpenTaskScope } from '../domain/open-task-caps.js';
import type { ReferralMatchEntity } from './referral-match.entity.js';
import type { ReferralTaskEntity, TaskHoldStatus } from './referral-task.entity.js';
import type { ReferralEntity } from './referral.entity.js';

export const REFERRAL_REPOSITORY = Symbol('REFERRAL_REPOSITORY');

/** The registry's latest word on a task's bed, and the sequence of the bed-hold event that said it. */
export interface TaskHold {
  readonly holdStatus: TaskHoldStatus;
  readonly holdExpiresAt: Date | null;
  readonly holdReason: string | null;
  readonly holdVersion: number;
}

export interface ReferralRepository {
  insert(tx: Transaction, referral: ReferralEntity): Promise<void>;
  /** The referral with its matches (best first) and the tasks it was sent as (oldest first). */
  findWithMatches(id: string): Promise<ReferralEntity | null>;
  /** The referral a task belongs to, or null for an unknown task. */
  referralIdOfTask(taskId: string): Promise<string | null>;
  /** Statuses of the tasks of referrals that follow this one. */
  followUpTaskStatuses(referralId: string): Promise<TaskStatus[]>;
  /** Referrals of an organisation (or one submitter), newest first; all when both are null. */
  listFor(
    scope: { organization: string | null; submittedBy: string | null },
    page: number,
    pageSize: number,
  ): Promise<{ items: ReferralEntity[]; total: number }>;
  /** Tasks still "requested" that were created at or before the deadline, oldest first, at most `limit`. */
  unansweredSince(deadline: Date, limit: number): Promise<{ id: string; referralId: string }[]>;
  matchesOf(tx: Transaction, referralId: string): Promise<ReferralMatchEntity[]>;
  tasksOf(tx: Transaction, referralId: string): Promise<ReferralTaskEntity[]>;
  /** One task of the referral, or null when the referral has no such task. */
  findTask(tx: Transaction, referralId: string, taskId: string): Promise<ReferralTaskEntity | null>;
  lockForUpdate(tx: Transaction, id: string): Promise<ReferralEntity | null>;
  /**
   * Serialises, until the transaction ends, every send that opens tasks in this scope (an organisation, or one
   * account's referrals), so that counting the open tasks and adding new ones cannot interleave.
   */
  lockOpenTaskScope(tx: Transaction, scope: OpenTaskScope): Promise<void>;
  /** Tasks awaiting an answer (`statuses`) across every referral of the scope. */
  countOpenTasks(tx: Transaction, scope: OpenTaskScope, statuses: readonly TaskStatus[]): Promise<number>;
  update(tx: Transaction, referral: ReferralEntity): Promise<void>;
  replaceMatches(tx: Transaction, referralId: string, matches: readonly ReferralMatchEntity[]): Promise<void>;
  /** Records the bed hold on the task (its status is the task recorder's business). */
  updateHold(tx: Transaction, taskId: string, hold: TaskHold): Promise<void>;
  /** Tasks addressed to a facility, newest first, each with its referral (clinical needs only). */
  inbox(
    facilityId: string,
    statuses: readonly TaskStatus[] | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ items: ReferralTaskEntity[]; total: number }>;
}
