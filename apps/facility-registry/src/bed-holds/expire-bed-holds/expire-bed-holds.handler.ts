import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '#messaging';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../../facilities/facility.repository.port.js';
import { decide } from '../bed-hold-lifecycle.js';
import { BedHoldLedger } from '../bed-hold.ledger.js';
import { BED_HOLD_REPOSITORY, type BedHoldRepository } from '../bed-hold.repository.port.js';

const BATCH = 100;

/** Gives back the beds of holds nobody answered in time. */
@Injectable()
export class ExpireBedHoldsHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(BED_HOLD_REPOSITORY) private readonly holds: BedHoldRepository,
    private readonly ledger: BedHoldLedger,
    private readonly relay: OutboxRelay,
  ) {}

  /** Expires every hold due by `now`; returns how many. Safe to run on several instances at once. */
  async execute(now = new Date()): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.holds.dueForExpiry(now, BATCH);
      for (const { taskId, facilityId } of due) {
        // Facility first, then hold: the same lock order as the task consumer, so they never deadlock.
        const done = await this.dataSource.transaction(async (manager) => {
          await this.facilities.lockForUpdate(manager, facilityId);
          const hold = await this.holds.findForUpdate(manager, taskId);
          const before = await this.facilities.bedsOf(manager, facilityId);
          const decision = decide(hold, before, { kind: 'expiry' }, now);
          if (!hold || decision.action === 'nothing') return false;
          await this.ledger.apply(manager, hold, decision, before, now);
          return true;
        });
        if (done) expired += 1;
      }
      if (due.length < BATCH) break;
    }
    if (expired > 0) this.relay.notify();
    return expired;
  }
}
