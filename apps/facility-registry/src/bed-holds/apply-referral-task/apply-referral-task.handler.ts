import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { AWAITING_ANSWER_STATUSES, PLACED_STATUSES, UNPLACED_STATUSES, type EventEnvelope, type ReferralTaskValue } from '#contracts';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../../facilities/facility.repository.port.js';
import { RegistryConfig } from '../../registry.config.js';
import { chooseBedLine } from '../bed-hold-rules.js';
import { BedHoldEntity } from '../bed-hold.entity.js';
import { BedHoldLedger } from '../bed-hold.ledger.js';
import { BED_HOLD_REPOSITORY, type BedHoldRepository, type BedLineRef } from '../bed-hold.repository.port.js';

/**
 * Keeps a facility's beds in step with the referrals addressed to it: a bed is held while the
 * facility owes an answer, becomes the patient's on acceptance, and goes back otherwise. Runs in the
 * inbox transaction; the facility row lock serialises every change to its counts.
 */
@Injectable()
export class ApplyReferralTaskHandler {
  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(BED_HOLD_REPOSITORY) private readonly holds: BedHoldRepository,
    private readonly ledger: BedHoldLedger,
    private readonly config: RegistryConfig,
  ) {}

  async execute(event: EventEnvelope<ReferralTaskValue>, manager: EntityManager, now = new Date()): Promise<void> {
    const task = event.payload;
    const facility = isUUID(task.facilityId) ? await this.facilities.lockForUpdate(manager, task.facilityId) : null;
    const existing = await this.holds.findForUpdate(manager, task.taskId);
    // Task versions only grow: a duplicate or an older status arriving late changes nothing.
    if (existing && existing.taskVersion >= event.sequence) return;
    const hold = existing ?? this.newHold(task, event.sequence);
    hold.taskVersion = event.sequence;

    if (AWAITING_ANSWER_STATUSES.includes(task.status)) {
      if (existing) return this.holds.save(manager, hold);
      if (!facility) return this.end(manager, hold, 'refused', `facility ${task.facilityId} is not in the registry`, null, now);
      const before = await this.facilities.bedsOf(manager, facility.id);
      const choice = chooseBedLine(before, task.levelOfCare, task.patient, now, this.config.BED_COUNT_STALE_HOURS);
      if (!choice.ok) return this.end(manager, hold, 'refused', choice.reason, null, now);
      hold.bedType = choice.bedType;
      if (!(await this.holds.hold(manager, this.lineOf(hold)))) {
        hold.bedType = null;
        return this.end(manager, hold, 'refused', `no ${task.levelOfCare} bed is free`, null, now);
      }
      hold.status = 'held';
      hold.reason = null;
      hold.expiresAt = new Date(now.getTime() + this.config.BED_HOLD_SECONDS * 1000);
      return this.ledger.record(manager, hold, before, now);
    }

    if (PLACED_STATUSES.includes(task.status)) {
      if (hold.status === 'converted') return this.holds.save(manager, hold);
      if (!facility) return this.end(manager, hold, 'converted', 'accepted by a facility that is not in the registry', null, now);
      const before = await this.facilities.bedsOf(manager, facility.id);
      if (existing?.status === 'held') {
        const converted = await this.holds.convert(manager, this.lineOf(hold));
        return this.end(manager, hold, 'converted', null, converted ? before : null, now);
      }
      // Accepted with no standing hold (it expired, or events came out of order): take a free bed if any.
      const choice = chooseBedLine(before, task.levelOfCare, task.patient, now, Number.MAX_SAFE_INTEGER);
      hold.bedType = choice.ok ? choice.bedType : null;
      if (hold.bedType && (await this.holds.take(manager, this.lineOf(hold)))) {
        return this.end(manager, hold, 'converted', 'accepted after the hold had ended; a free bed was taken', before, now);
      }
      hold.bedType = null;
      return this.end(manager, hold, 'converted', 'accepted with no free bed on the board; the facility should update its count', null, now);
    }

    if (UNPLACED_STATUSES.includes(task.status)) {
      if (existing?.status === 'held') {
        const before = facility ? await this.facilities.bedsOf(manager, facility.id) : null;
        const returned = facility ? await this.holds.release(manager, this.lineOf(hold)) : false;
        return this.end(manager, hold, 'released', task.statusReason ?? task.status, returned ? before : null, now);
      }
      // Ended before any bed was held: remember it, so a late "requested" cannot hold a bed.
      if (!existing) return this.end(manager, hold, 'released', `task ${task.status} before a bed was held`, null, now);
      return this.holds.save(manager, hold);
    }
    // draft: nothing to hold yet.
    if (existing) await this.holds.save(manager, hold);
  }

  private async end(
    manager: EntityManager,
    hold: BedHoldEntity,
    status: BedHoldEntity['status'],
    reason: string | null,
    bedsBefore: Parameters<BedHoldLedger['record']>[2],
    now: Date,
  ): Promise<void> {
    hold.status = status;
    hold.reason = reason;
    hold.expiresAt = null;
    await this.ledger.record(manager, hold, bedsBefore, now);
  }

  private lineOf(hold: BedHoldEntity): BedLineRef {
    return { facilityId: hold.facilityId, levelOfCare: hold.levelOfCare, bedType: hold.bedType! };
  }

  private newHold(task: ReferralTaskValue, taskVersion: number): BedHoldEntity {
    return Object.assign(new BedHoldEntity(), {
      taskId: task.taskId,
      referralId: task.referralId,
      facilityId: task.facilityId,
      levelOfCare: task.levelOfCare,
      bedType: null,
      status: 'refused',
      reason: null,
      taskVersion,
      version: 0,
      expiresAt: null,
    });
  }
}
