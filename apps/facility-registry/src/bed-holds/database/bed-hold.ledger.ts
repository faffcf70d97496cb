import { Inject, Injectable } from '@nestjs/common';
import { Topic } from '#contracts';
import { OutboxWriter } from '#messaging';
import type { Transaction } from '#persistence';
import type { BedCountEntity } from '../../facilities/database/bed-count.entity.js';
import { recordCapacityChange } from '../../facilities/database/capacity-change.js';
import { FacilityChangeRecorder } from '../../facilities/database/facility-change.recorder.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../../facilities/database/facility.repository.port.js';
import type { BedHoldDecision, BedMove } from '../domain/bed-hold-lifecycle.js';
import type { BedHoldEntity } from './bed-hold.entity.js';
import { BED_HOLD_REPOSITORY, type BedHoldRepository, type BedLineRef } from './bed-hold.repository.port.js';

/**
 * Writes a hold's new state and announces it on facility.bed-hold.v1, with the capacity change on
 * facility.capacity.v2 when beds moved: all in the caller's transaction, so counts, holds and events
 * never disagree.
 */
@Injectable()
export class BedHoldLedger {
  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    @Inject(BED_HOLD_REPOSITORY) private readonly holds: BedHoldRepository,
    private readonly changes: FacilityChangeRecorder,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Carries out what decide() said: moves the bed (one guarded UPDATE), sets the hold to the state for
   * whether the bed moved, and records it, with the capacity change only when a bed did move.
   * `bedsBefore` is the facility's bed lines read under its lock, before the move.
   */
  async apply(
    tx: Transaction,
    hold: BedHoldEntity,
    decision: Exclude<BedHoldDecision, { action: 'nothing' }>,
    bedsBefore: readonly BedCountEntity[] | null,
    now: Date,
  ): Promise<void> {
    let next = decision.hold;
    let moved = false;
    if (decision.action !== 'set') {
      const line = { facilityId: hold.facilityId, levelOfCare: hold.levelOfCare, bedType: decision.bedType };
      moved = await this.move(tx, decision.action, line);
      if (!moved) next = decision.ifNotMoved;
    }
    hold.status = next.status;
    hold.bedType = next.bedType;
    hold.reason = next.reason;
    hold.expiresAt = next.expiresAt;
    await this.record(tx, hold, moved ? bedsBefore : null, now);
  }

  async record(tx: Transaction, hold: BedHoldEntity, bedsBefore: readonly BedCountEntity[] | null, now: Date): Promise<void> {
    if (bedsBefore) {
      await recordCapacityChange(tx, this.facilities, this.changes, hold.facilityId, bedsBefore, `bed-hold:${hold.taskId}`);
    }
    hold.version += 1;
    await this.holds.save(tx, hold);
    await this.outbox.append(tx, [
      {
        topic: Topic.BedHold,
        key: hold.referralId,
        sequence: hold.version,
        payload: {
          taskId: hold.taskId,
          referralId: hold.referralId,
          facilityId: hold.facilityId,
          status: hold.status,
          levelOfCare: hold.levelOfCare,
          bedType: hold.bedType,
          expiresAt: hold.expiresAt ? new Date(hold.expiresAt).toISOString() : null,
          reason: hold.reason,
          changedAt: now.toISOString(),
        },
      },
    ]);
  }

  private move(tx: Transaction, move: BedMove, line: BedLineRef): Promise<boolean> {
    switch (move) {
      case 'hold':
        return this.holds.hold(tx, line);
      case 'release':
        return this.holds.release(tx, line);
      case 'convert':
        return this.holds.convert(tx, line);
      case 'take':
        return this.holds.take(tx, line);
    }
  }
}
