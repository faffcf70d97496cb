import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PLACED_STATUSES } from '#contracts';
import type { Transaction } from '#persistence';
import { ReferralTaskEntity } from '../database/referral-task.entity.js';
import { ReferralTaskRecorder } from '../database/referral-task.recorder.js';
import type { ReferralEntity } from '../database/referral.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';

/** The account name escalations are recorded under. */
export const ESCALATION_ACTOR = 'escalation';

/**
 * Passes an unanswered referral on to the best match not yet tried, so a silent facility does not
 * cost the patient the bed. Runs in the caller's transaction, with the referral row locked.
 */
@Injectable()
export class ReferralEscalator {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly recorder: ReferralTaskRecorder,
  ) {}

  /** Returns the new task, or null when the referral is placed or every match was tried. */
  async escalate(tx: Transaction, referral: ReferralEntity, from: ReferralTaskEntity, now: Date): Promise<ReferralTaskEntity | null> {
    const tasks = await this.referrals.tasksOf(tx, referral.id);
    if (tasks.some((task) => PLACED_STATUSES.includes(task.status))) return null;
    const matches = await this.referrals.matchesOf(tx, referral.id);
    const next = matches.find((match) => !tasks.some((task) => task.facilityId === match.facilityId));
    if (!next) return null;
    const task = Object.assign(new ReferralTaskEntity(), {
      id: randomUUID(),
      referralId: referral.id,
      facilityId: next.facilityId,
      facilityName: next.facilityName,
      levelOfCare: next.levelOfCare,
      status: 'requested',
      statusReason: 'escalated',
      statusNote: `${from.facilityName} did not answer in time`,
      holdStatus: 'pending',
      holdExpiresAt: null,
      holdReason: null,
      holdVersion: 0,
      version: 1,
      escalatedFromTaskId: from.id,
      createdBy: ESCALATION_ACTOR,
      createdAt: now,
      updatedAt: now,
    } satisfies Omit<ReferralTaskEntity, 'referral' | 'transitions'>);
    await this.recorder.create(tx, referral, task, {
      to: 'requested',
      reason: 'escalated',
      note: task.statusNote,
      by: ESCALATION_ACTOR,
      at: now,
    });
    return task;
  }
}
