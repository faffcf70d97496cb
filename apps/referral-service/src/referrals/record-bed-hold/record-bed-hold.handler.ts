import { Inject, Injectable, Logger } from '@nestjs/common';
import { AWAITING_ANSWER_STATUSES } from '#contracts';
import { UnitOfWork } from '#persistence';
import { ReferralTaskRecorder } from '../database/referral-task.recorder.js';
import { REFERRAL_REPOSITORY, type ReferralRepository, type TaskHold } from '../database/referral.repository.port.js';
import { ReferralEscalator } from '../escalate-unanswered/referral-escalator.js';
import type { RecordBedHoldCommand } from './record-bed-hold.command.js';

/** Who ends a task when the registry does: the service, not a person. */
export const REGISTRY_ACTOR = 'facility-registry';

/**
 * Applies the registry's word on a task's bed. A refused or expired hold ends a task still awaiting
 * its answer (failed, "no-bed" or "hold-expired"), so the planner knows at once to look elsewhere;
 * an expired one also passes the referral to the next best match. Called by the event inbox, its
 * unit of work joins the inbox's, so the change commits with the record of the event.
 */
@Injectable()
export class RecordBedHoldHandler {
  private readonly logger = new Logger(RecordBedHoldHandler.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly recorder: ReferralTaskRecorder,
    private readonly escalator: ReferralEscalator,
  ) {}

  /** Returns the referral id when something changed. */
  async execute(command: RecordBedHoldCommand): Promise<string | null> {
    const { event } = command;
    const hold = event.payload;
    return this.unitOfWork.run(async (tx) => {
      const referral = await this.referrals.lockForUpdate(tx, hold.referralId);
      const task = referral ? await this.referrals.findTask(tx, hold.referralId, hold.taskId) : null;
      if (!referral || !task) {
        this.logger.warn(`bed hold for unknown task ${hold.taskId} ignored`);
        return null;
      }
      // Hold versions only grow: a duplicate or a late, older hold event changes nothing.
      if (event.sequence <= task.holdVersion) return null;
      const taskHold: TaskHold = {
        holdStatus: hold.status,
        holdExpiresAt: hold.expiresAt ? new Date(hold.expiresAt) : null,
        holdReason: hold.reason,
        holdVersion: event.sequence,
      };
      await this.referrals.updateHold(tx, task.id, taskHold);
      // The recorder writes the whole task: it must carry the hold just applied.
      Object.assign(task, taskHold);
      const failure = hold.status === 'refused' ? 'no-bed' : hold.status === 'expired' ? 'hold-expired' : null;
      if (failure && AWAITING_ANSWER_STATUSES.includes(task.status)) {
        await this.recorder.change(tx, referral, task, {
          to: 'failed',
          reason: failure,
          note: hold.reason,
          by: REGISTRY_ACTOR,
          at: new Date(hold.changedAt),
        });
        // An expired hold means the facility never answered: pass the referral on, as the deadline would.
        if (failure === 'hold-expired') await this.escalator.escalate(tx, referral, task, new Date());
      }
      return referral.id;
    });
  }
}
