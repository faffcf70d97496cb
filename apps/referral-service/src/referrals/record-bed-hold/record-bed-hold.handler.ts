import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AWAITING_ANSWER_STATUSES, type BedHoldValue, type EventEnvelope } from '#contracts';
import { ReferralTaskEntity } from '../referral-task.entity.js';
import { ReferralEscalator } from '../escalate-unanswered/referral-escalator.js';
import { ReferralTaskRecorder } from '../referral-task.recorder.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';

/** Who ends a task when the registry does: the service, not a person. */
export const REGISTRY_ACTOR = 'facility-registry';

/**
 * Applies the registry's word on a task's bed. A refused or expired hold ends a task still awaiting
 * its answer (failed, "no-bed" or "hold-expired"), so the planner knows at once to look elsewhere;
 * an expired one also passes the referral to the next best match.
 */
@Injectable()
export class RecordBedHoldHandler {
  private readonly logger = new Logger(RecordBedHoldHandler.name);

  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly recorder: ReferralTaskRecorder,
    private readonly escalator: ReferralEscalator,
  ) {}

  /** Returns the referral id when something changed. */
  async execute(event: EventEnvelope<BedHoldValue>, manager: EntityManager): Promise<string | null> {
    const hold = event.payload;
    const referral = await this.referrals.lockForUpdate(manager, hold.referralId);
    const task = referral ? await manager.findOne(ReferralTaskEntity, { where: { id: hold.taskId, referralId: hold.referralId } }) : null;
    if (!referral || !task) {
      this.logger.warn(`bed hold for unknown task ${hold.taskId} ignored`);
      return null;
    }
    // Hold versions only grow: a duplicate or a late, older hold event changes nothing.
    if (event.sequence <= task.holdVersion) return null;
    const holdColumns = {
      holdStatus: hold.status,
      holdExpiresAt: hold.expiresAt ? new Date(hold.expiresAt) : null,
      holdReason: hold.reason,
      holdVersion: event.sequence,
    };
    await manager.update(ReferralTaskEntity, { id: task.id }, holdColumns);
    // The recorder writes the whole task: it must carry the hold just applied.
    Object.assign(task, holdColumns);
    const failure = hold.status === 'refused' ? 'no-bed' : hold.status === 'expired' ? 'hold-expired' : null;
    if (failure && AWAITING_ANSWER_STATUSES.includes(task.status)) {
      await this.recorder.change(manager, referral, task, {
        to: 'failed', reason: failure, note: hold.reason, by: REGISTRY_ACTOR, at: new Date(hold.changedAt),
      });
      // An expired hold means the facility never answered: pass the referral on, as the deadline would.
      if (failure === 'hold-expired') await this.escalator.escalate(manager, referral, task, new Date());
    }
    return referral.id;
  }
}
