import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { OutboxRelay } from '#messaging';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralTaskEntity } from '../referral-task.entity.js';
import { ReferralTaskRecorder } from '../referral-task.recorder.js';
import { ReferralUpdates } from '../referral-updates.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';
import { ESCALATION_ACTOR, ReferralEscalator } from './referral-escalator.js';

/**
 * A referral no facility answers within REFERRAL_ANSWER_SECONDS: the silent task is cancelled
 * ("no-answer", its bed released) and the next best match gets the referral.
 */
@Injectable()
export class EscalateUnansweredHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly recorder: ReferralTaskRecorder,
    private readonly escalator: ReferralEscalator,
    private readonly relay: OutboxRelay,
    private readonly updates: ReferralUpdates,
    private readonly config: ReferralConfig,
  ) {}

  /** Escalates every task unanswered by `now`; returns how many. Safe on several instances at once. */
  async execute(now = new Date()): Promise<number> {
    const deadline = new Date(now.getTime() - this.config.REFERRAL_ANSWER_SECONDS * 1000);
    const due = await this.dataSource.getRepository(ReferralTaskEntity).find({
      select: { id: true, referralId: true },
      where: { status: 'requested', createdAt: LessThanOrEqual(deadline) },
      order: { createdAt: 'ASC' },
      take: 100,
    });
    const changed = new Set<string>();
    for (const { id, referralId } of due) {
      const done = await this.dataSource.transaction(async (manager) => {
        const referral = await this.referrals.lockForUpdate(manager, referralId);
        const task = (await this.referrals.tasksOf(manager, referralId)).find((candidate) => candidate.id === id);
        // Re-checked under the lock: another instance, or the facility, may have acted meanwhile.
        if (!referral || !task || task.status !== 'requested' || task.createdAt > deadline) return false;
        const minutes = Math.round(this.config.REFERRAL_ANSWER_SECONDS / 60);
        await this.recorder.change(manager, referral, task, {
          to: 'cancelled', reason: 'no-answer', note: `no answer within ${minutes} min; passed to the next match`, by: ESCALATION_ACTOR, at: now,
        });
        await this.escalator.escalate(manager, referral, task, now);
        return true;
      });
      if (done) changed.add(referralId);
    }
    if (changed.size > 0) this.relay.notify();
    for (const referralId of changed) this.updates.changed(referralId);
    return changed.size;
  }
}
