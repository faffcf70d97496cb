import { Injectable } from '@nestjs/common';
import { ageBandOf, Topic, type TaskStatus } from '#contracts';
import { OutboxWriter } from '#messaging';
import { entityManagerOf, type Transaction } from '#persistence';
import type { ReferralEntity } from './referral.entity.js';
import { ReferralTaskEntity } from './referral-task.entity.js';
import { TaskTransitionEntity } from './task-transition.entity.js';

export interface TaskChange {
  readonly to: TaskStatus;
  readonly reason?: string | null;
  readonly note?: string | null;
  readonly by: string;
  readonly at: Date;
}

/**
 * Every task status change goes through here: the task, its transition row and the
 * referral.task.v2 event are written in the caller's transaction. The event carries the patient's age
 * band, never the exact age: the registry needs no more to pick a bed.
 */
@Injectable()
export class ReferralTaskRecorder {
  constructor(private readonly outbox: OutboxWriter) {}

  async create(tx: Transaction, referral: ReferralEntity, task: ReferralTaskEntity, change: TaskChange): Promise<void> {
    await entityManagerOf(tx).insert(ReferralTaskEntity, this.columns(task));
    await this.transition(tx, referral, task, null, change);
  }

  async change(tx: Transaction, referral: ReferralEntity, task: ReferralTaskEntity, change: TaskChange): Promise<void> {
    const from = task.status;
    Object.assign(task, {
      status: change.to,
      statusReason: change.reason ?? null,
      statusNote: change.note ?? null,
      version: task.version + 1,
      updatedAt: change.at,
    });
    await entityManagerOf(tx).update(ReferralTaskEntity, { id: task.id }, this.columns(task));
    await this.transition(tx, referral, task, from, change);
  }

  private async transition(
    tx: Transaction,
    referral: ReferralEntity,
    task: ReferralTaskEntity,
    from: TaskStatus | null,
    change: TaskChange,
  ): Promise<void> {
    await entityManagerOf(tx).insert(TaskTransitionEntity, {
      taskId: task.id,
      referralId: task.referralId,
      fromStatus: from,
      toStatus: change.to,
      reason: change.reason ?? null,
      note: change.note ?? null,
      changedBy: change.by,
      changedAt: change.at,
    });
    await this.outbox.append(tx, [
      {
        topic: Topic.ReferralTask,
        key: task.referralId,
        sequence: task.version,
        payload: {
          taskId: task.id,
          referralId: task.referralId,
          facilityId: task.facilityId,
          status: task.status,
          statusReason: task.statusReason,
          levelOfCare: task.levelOfCare,
          patient: { gender: referral.gender, ageBand: ageBandOf(referral.ageYears) },
          changedAt: change.at.toISOString(),
        },
      },
    ]);
  }

  private columns(task: ReferralTaskEntity): Omit<ReferralTaskEntity, 'referral' | 'transitions'> {
    const { referral: _referral, transitions: _transitions, ...columns } = task;
    return columns;
  }
}
