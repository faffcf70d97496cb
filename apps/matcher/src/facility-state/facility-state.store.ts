import { Injectable } from '@nestjs/common';
import type { EventEnvelope, FacilityCapacityValue, FacilityProfileValue, LevelOfCare } from '#contracts';
import type { BedCount, FacilitySnapshot } from '#matching';

interface Entry {
  profile?: FacilityProfileValue;
  profileSequence: number;
  beds: Partial<Record<LevelOfCare, BedCount>>;
  capacitySequence: number;
  snapshot?: FacilitySnapshot;
}

export type ApplyOutcome = 'applied' | 'stale';

/**
 * The matcher's working set: every facility's latest profile and bed counts, in memory. Each event
 * carries the aggregate's sequence, so duplicates and out-of-order deliveries are simply ignored.
 */
@Injectable()
export class FacilityStateStore {
  private readonly entries = new Map<string, Entry>();

  private entry(facilityId: string): Entry {
    let entry = this.entries.get(facilityId);
    if (!entry) {
      entry = { profileSequence: 0, beds: {}, capacitySequence: 0 };
      this.entries.set(facilityId, entry);
    }
    return entry;
  }

  applyProfile(event: EventEnvelope<FacilityProfileValue>): ApplyOutcome {
    const entry = this.entry(event.payload.facilityId);
    if (event.sequence <= entry.profileSequence) return 'stale';
    entry.profile = event.payload;
    entry.profileSequence = event.sequence;
    entry.snapshot = undefined;
    return 'applied';
  }

  applyCapacity(event: EventEnvelope<FacilityCapacityValue>): ApplyOutcome {
    const entry = this.entry(event.payload.facilityId);
    if (event.sequence <= entry.capacitySequence) return 'stale';
    entry.beds = Object.fromEntries(
      event.payload.beds.map((bed) => [
        bed.levelOfCare,
        { staffed: bed.staffed, available: bed.available, confirmedAt: bed.confirmedAt },
      ]),
    );
    entry.capacitySequence = event.sequence;
    entry.snapshot = undefined;
    return 'applied';
  }

  /** Facilities whose profile is known; bed counts may still be missing (then they have no bed). */
  *snapshots(): IterableIterator<FacilitySnapshot> {
    for (const entry of this.entries.values()) {
      if (!entry.profile) continue;
      entry.snapshot ??= { ...entry.profile, beds: entry.beds };
      yield entry.snapshot;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
