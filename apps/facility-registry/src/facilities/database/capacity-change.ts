import type { Transaction } from '#persistence';
import { toCapacityPayload } from '../domain/facility-events.js';
import type { BedCountEntity } from './bed-count.entity.js';
import type { FacilityChangeRecorder } from './facility-change.recorder.js';
import type { FacilityRepository } from './facility.repository.port.js';

/**
 * After beds changed inside the transaction `tx`: bumps the capacity version, keeps the change in
 * the history and announces it on facility.capacity.v2. Returns the bed board as it now stands.
 */
export async function recordCapacityChange(
  tx: Transaction,
  facilities: FacilityRepository,
  changes: FacilityChangeRecorder,
  facilityId: string,
  previous: readonly BedCountEntity[],
  changedBy: string,
): Promise<BedCountEntity[]> {
  const current = await facilities.bedsOf(tx, facilityId);
  const sequence = await facilities.nextVersion(tx, facilityId, 'capacity');
  const payload = toCapacityPayload(facilityId, current, previous);
  await changes.record(tx, [
    { facilityId, aspect: 'capacity', sequence, previous: payload.previousBeds, current: payload.beds, changedBy, payload },
  ]);
  return current;
}
