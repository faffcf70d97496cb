import { Inject, Injectable } from '@nestjs/common';
import { canManageFacility } from '#auth';
import { AWAITING_ANSWER_STATUSES, PLACED_STATUSES } from '#contracts';
import { UnitOfWork } from '#persistence';
import { canSeeReferral, isPlannerOf } from '../domain/referral-access.js';
import {
  InvalidReferralError,
  ReferralConflictError,
  ReferralForbiddenError,
  ReferralNotFoundError,
  TaskNotFoundError,
} from '../domain/referral-errors.js';
import type { ReferralTaskEntity } from '../database/referral-task.entity.js';
import { ReferralTaskRecorder } from '../database/referral-task.recorder.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { TASK_ACTIONS, transitionProblem } from '../domain/task-lifecycle.js';
import type { ChangeTaskStatusCommand } from './change-task-status.command.js';

/**
 * Moves one task through its lifecycle. The referral row is locked first, so of two facilities
 * accepting at once exactly one wins; the winner's siblings are cancelled and their beds released.
 */
@Injectable()
export class ChangeTaskStatusHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly recorder: ReferralTaskRecorder,
  ) {}

  async execute(command: ChangeTaskStatusCommand): Promise<ReferralTaskEntity> {
    const action = TASK_ACTIONS[command.action];
    return this.unitOfWork.run(async (tx) => {
      const referral = await this.referrals.lockForUpdate(tx, command.referralId);
      const tasks = referral ? await this.referrals.tasksOf(tx, referral.id) : [];
      if (!referral || !canSeeReferral(command.actor, Object.assign(referral, { tasks }))) {
        throw new ReferralNotFoundError(command.referralId);
      }
      const task = tasks.find((candidate) => candidate.id === command.taskId);
      if (!task) throw new TaskNotFoundError(command.taskId);
      const allowed = action.by === 'facility' ? canManageFacility(command.actor, task.facilityId) : isPlannerOf(command.actor, referral);
      if (!allowed) {
        throw new ReferralForbiddenError(
          action.by === 'facility'
            ? `only staff of ${task.facilityName} (or an admin) can ${command.action} this referral`
            : `only the referring organisation's planners (or an admin) can ${command.action} this referral`,
        );
      }
      this.checkDetails(command);
      const problem = transitionProblem(task.status, action.to);
      if (problem) throw new ReferralConflictError(`cannot ${command.action}: ${problem}`);
      if (action.to === 'accepted') {
        const winner = tasks.find((other) => other.id !== task.id && PLACED_STATUSES.includes(other.status));
        if (winner) throw new ReferralConflictError(`cannot accept: ${winner.facilityName} already accepted this referral`);
      }
      const by = command.actor.sub;
      const reason = command.reason ?? ('reason' in action ? action.reason : null);
      await this.recorder.change(tx, referral, task, { to: action.to, reason, note: command.note, by, at: command.at });
      if (action.to === 'accepted') {
        // First acceptance wins: the other facilities are told, and the registry releases their beds.
        for (const other of tasks) {
          if (other.id === task.id || !AWAITING_ANSWER_STATUSES.includes(other.status)) continue;
          await this.recorder.change(tx, referral, other, { to: 'cancelled', reason: 'placed-elsewhere', by, at: command.at });
        }
      }
      return task;
    });
  }

  private checkDetails(command: ChangeTaskStatusCommand): void {
    if (command.action === 'decline' && !command.reason) {
      throw new InvalidReferralError(
        'reason',
        'say why the referral is declined: no-capacity, not-eligible, clinical-needs-beyond-scope, payer or other',
      );
    }
    if (command.action !== 'decline' && command.reason) {
      throw new InvalidReferralError('reason', `a reason from the decline list only goes with decline, not ${command.action}`);
    }
    if (command.action === 'decline' && command.reason === 'other' && !command.note) {
      throw new InvalidReferralError('note', 'describe the reason when it is "other"');
    }
    if (command.action === 'ask-for-information' && !command.note) {
      throw new InvalidReferralError('note', 'say what information the facility needs');
    }
  }
}
