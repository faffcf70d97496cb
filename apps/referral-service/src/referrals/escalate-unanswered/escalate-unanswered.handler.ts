import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralTaskRecorder } from '../database/referral-task.recorder.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import type { EscalateUnansweredCommand } from './escalate-unanswered.command.js';
import { ESCALATION_ACTOR, ReferralEscalator } from './referral-escalator.js';

/** Tasks looked at per sweep; the rest wait for the next one. */
const SWEEP_BATCH = 100;

/**
 * A referral no facility answers within REFERRAL_ANSWER_SECONDS: the silent task is cancelled
 * ("no-answer", its bed released) and the next best match gets the referral.
 */
@Injectable()
export class EscalateUnansweredHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly recorder: ReferralTaskRecorder,
    private readonly escalator: ReferralEscalator,
    private readonly config: ReferralConfig,
  ) {}

  /** Escalates every task unanswered by `command.now`; returns how many referrals. Safe on several instances at once. */
  async execute(command: EscalateUnansweredCommand): Promise<number> {
    const { now } = command;
    const deadline = new Date(now.getTime() - this.config.REFERRAL_ANSWER_SECONDS * 1000);
    const due = await this.referrals.unansweredSince(deadline, SWEEP_BATCH);
    const changed = new Set<string>();
    for (const { id, referralId } of due) {
      const done = await this.unitOfWork.run(async (tx) => {
        const referral = await this.referrals.lockForUpdate(tx, referralId);
        const task = (await this.referrals.tasksOf(tx, referralId)).find((candidate) => candidate.id === id);
        // Re-checked under the lock: another instance, or the facility, may have acted meanwhile.
        if (!referral || !task || task.status !== 'requested' || task.createdAt > deadline) return false;
        const minutes = Math.round(this.config.REFERRAL_ANSWER_SECONDS / 60);
        await this.recorder.change(tx, referral, task, {
          to: 'cancelled',
          reason: 'no-answer',
          note: `no answer within ${minutes} min; passed to the next match`,
          by: ESCALATION_ACTOR,
          at: now,
        });
        await this.escalator.escalate(tx, referral, task, now);
        return true;
      });
      if (done) changed.add(referralId);
    }
    return changed.size;
  }
}
