import type { EntityManager } from 'typeorm';
import type { BedCountEntity } from './bed-count.entity.js';
import type { FacilityChangeRecorder } from './facility-change.recorder.js';
import { toCapacityPayload } from './facility-events.js';
import type { FacilityRepository } from './facility.repository.port.js';

/**
 * After beds changed inside `manager`'s transaction: bumps the capacity version, keeps the change in
 * the history and announces it on facility.capacity.v2. Returns the bed board as it now stands.
 */
export async function recordCapacityChange(
  manager: EntityManager,
  facilities: FacilityRepository,
  changes: FacilityChangeRecorder,
  facilityId: string,
  previous: readonly BedCountEntity[],
  changedBy: string,
): Promise<BedCountEntity[]> {
  const current = await facilities.bedsOf(manager, facilityId);
  const sequence = await facilities.nextVersion(manager, facilityId, 'capacity');
  const payload = toCapacityPayload(facilityId, current, previous);
  await changes.record(manager, [
    { facilityId, aspect: 'capacity', sequence, previous: payload.previousBeds, current: payload.beds, changedBy, payload },
  ]);
  return current;
}
