import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../../facilities/database/facility.repository.port.js';
import { BedHoldLedger } from '../database/bed-hold.ledger.js';
import { BED_HOLD_REPOSITORY, type BedHoldRepository } from '../database/bed-hold.repository.port.js';
import { decide } from '../domain/bed-hold-lifecycle.js';
import type { ExpireBedHoldsCommand } from './expire-bed-holds.command.js';

const BATCH = 100;

/** Gives back the beds of holds nobody answered in time. */
@Injectable()
export class ExpireBedHoldsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(BED_HOLD_REPOSITORY) private readonly holds: BedHoldRepository,
    private readonly ledger: BedHoldLedger,
  ) {}

  /** Expires every hold due by `now`, one transaction each; returns how many. Safe to run on several instances at once. */
  async execute(command: ExpireBedHoldsCommand): Promise<number> {
    const { now } = command;
    let expired = 0;
    for (;;) {
      const due = await this.holds.dueForExpiry(now, BATCH);
      for (const { taskId, facilityId } of due) {
        // Facility first, then hold: the same lock order as the task consumer, so they never deadlock.
        const done = await this.unitOfWork.run(async (tx) => {
          await this.facilities.lockForUpdate(tx, facilityId);
          const hold = await this.holds.findForUpdate(tx, taskId);
          const before = await this.facilities.bedsOf(tx, facilityId);
          const decision = decide(hold, before, { kind: 'expiry' }, now);
          if (!hold || decision.action === 'nothing') return false;
          await this.ledger.apply(tx, hold, decision, before, now);
          return true;
        });
        if (done) expired += 1;
      }
      if (due.length < BATCH) break;
    }
    return expired;
  }
}
