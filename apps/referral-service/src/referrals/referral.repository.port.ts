import type { EntityManager } from 'typeorm';
import type { TaskStatus } from '#contracts';
import type { ReferralMatchEntity } from './referral-match.entity.js';
import type { ReferralTaskEntity } from './referral-task.entity.js';
import type { ReferralEntity } from './referral.entity.js';

export const REFERRAL_REPOSITORY = Symbol('REFERRAL_REPOSITORY');

export interface ReferralRepository {
  insert(manager: EntityManager, referral: ReferralEntity): Promise<void>;
  /** The referral with its matches (best first) and the tasks it was sent as (oldest first). */
  findWithMatches(id: string): Promise<ReferralEntity | null>;
  /** The referral a task belongs to, or null for an unknown task. */
  referralIdOfTask(taskId: string): Promise<string | null>;
  /** Statuses of the tasks of referrals that follow this one. */
  followUpTaskStatuses(referralId: string): Promise<TaskStatus[]>;
  /** Referrals of an organisation (or one submitter), newest first; all when both are null. */
  listFor(scope: { organization: string | null; submittedBy: string | null }, page: number, pageSize: number): Promise<{ items: ReferralEntity[]; total: number }>;
  matchesOf(manager: EntityManager, referralId: string): Promise<ReferralMatchEntity[]>;
  tasksOf(manager: EntityManager, referralId: string): Promise<ReferralTaskEntity[]>;
  lockForUpdate(manager: EntityManager, id: string): Promise<ReferralEntity | null>;
  update(manager: EntityManager, referral: ReferralEntity): Promise<void>;
  replaceMatches(manager: EntityManager, referralId: string, matches: readonly ReferralMatchEntity[]): Promise<void>;
  /** Tasks addressed to a facility, newest first, each with its referral (clinical needs only). */
  inbox(facilityId: string, statuses: readonly TaskStatus[] | undefined, page: number, pageSize: number): Promise<{ items: ReferralTaskEntity[]; total: number }>;
}
