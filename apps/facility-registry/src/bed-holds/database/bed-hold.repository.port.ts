import type { BedType, LevelOfCare } from '#contracts';
import type { Transaction } from '#persistence';
import type { BedHoldEntity } from './bed-hold.entity.js';

export const BED_HOLD_REPOSITORY = Symbol('BED_HOLD_REPOSITORY');

/** One bed line of one facility. */
export interface BedLineRef {
  readonly facilityId: string;
  readonly levelOfCare: LevelOfCare;
  readonly bedType: BedType;
}

/**
 * Holds and the bed-line arithmetic behind them. Each line operation is one guarded UPDATE, so a
 * count can never go below zero however many holds race for it.
 */
export interface BedHoldRepository {
  findForUpdate(tx: Transaction, taskId: string): Promise<BedHoldEntity | null>;
  save(tx: Transaction, hold: BedHoldEntity): Promise<void>;
  /** available − 1, held + 1, only while a bed is free. False when none was. */
  hold(tx: Transaction, line: BedLineRef): Promise<boolean>;
  /** held − 1, available + 1: a held bed goes back. False when a later count had already absorbed it. */
  release(tx: Transaction, line: BedLineRef): Promise<boolean>;
  /** held − 1: the held bed is now the patient's. */
  convert(tx: Transaction, line: BedLineRef): Promise<boolean>;
  /** available − 1 without a hold: an acceptance that arrived when no hold stood. */
  take(tx: Transaction, line: BedLineRef): Promise<boolean>;
  /** Tasks whose held bed is due back, oldest first. */
  dueForExpiry(now: Date, limit: number): Promise<{ taskId: string; facilityId: string }[]>;
  activeAt(facilityId: string): Promise<BedHoldEntity[]>;
}
