import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { ReferralTaskValue } from '#contracts';
import { UnitOfWork } from '#persistence';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../../facilities/database/facility.repository.port.js';
import { RegistryConfig } from '../../registry.config.js';
import { BedHoldEntity } from '../database/bed-hold.entity.js';
import { BedHoldLedger } from '../database/bed-hold.ledger.js';
import { BED_HOLD_REPOSITORY, type BedHoldRepository } from '../database/bed-hold.repository.port.js';
import { decide } from '../domain/bed-hold-lifecycle.js';
import type { ApplyReferralTaskCommand } from './apply-referral-task.command.js';

/**
 * Keeps a facility's beds in step with the referrals addressed to it: a bed is held while the
 * facility owes an answer, becomes the patient's on acceptance, and goes back otherwise (the rules are
 * in domain/bed-hold-lifecycle.ts: this locks, decides, applies). Its unit of work joins the inbox's
 * transaction; the facility row lock serialises every change to its counts.
 */
@Injectable()
export class ApplyReferralTaskHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(BED_HOLD_REPOSITORY) private readonly holds: BedHoldRepository,
    private readonly ledger: BedHoldLedger,
    private readonly config: RegistryConfig,
  ) {}

  execute(command: ApplyReferralTaskCommand): Promise<void> {
    const { event, now } = command;
    const task = event.payload;
    return this.unitOfWork.run(async (tx) => {
      // Facility first, then hold: the same lock order as the expiry sweep, so they never deadlock.
      const facility = isUUID(task.facilityId) ? await this.facilities.lockForUpdate(tx, task.facilityId) : null;
      const existing = await this.holds.findForUpdate(tx, task.taskId);
      const board = facility ? await this.facilities.bedsOf(tx, facility.id) : null;
      const rules = { holdSeconds: this.config.BED_HOLD_SECONDS, staleAfterHours: this.config.BED_COUNT_STALE_HOURS };
      const decision = decide(existing, board, { kind: 'task', sequence: event.sequence, task, rules }, now);

      if (decision.action === 'nothing') {
        if (!decision.remember || !existing) return;
        existing.taskVersion = event.sequence;
        return this.holds.save(tx, existing);
      }
      const hold = existing ?? this.newHold(task, event.sequence);
      hold.taskVersion = event.sequence;
      await this.ledger.apply(tx, hold, decision, board, now);
    });
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
