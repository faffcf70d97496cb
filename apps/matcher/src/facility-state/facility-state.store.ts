import { Injectable } from '@nestjs/common';
import type {
  EventEnvelope,
  FacilityAccreditationValue,
  FacilityCapacityValue,
  FacilityInsuranceValue,
  FacilityProfileValue,
  LevelOfCare,
  Payer,
} from '#contracts';
import { FacilityIndex, type BedCount, type Credential, type FacilitySnapshot } from '#matching';

/** The last sequence applied from each facility topic; the topics are versioned independently. */
interface Sequences {
  profile: number;
  capacity: number;
  accreditation: number;
  insurance: number;
}

interface Entry {
  readonly sequences: Sequences;
  profile?: FacilityProfileValue;
  beds: readonly BedCount[];
  credentials: readonly Credential[];
  payers: readonly Payer[];
  snapshot?: FacilitySnapshot;
}

export type ApplyOutcome = 'applied' | 'stale';

/**
 * The matcher's working set: every facility's latest profile, bed board, credentials and payers, in
 * memory. Each facility topic has its own per-facility sequence, so duplicates and out-of-order
 * deliveries are ignored topic by topic.
 */
@Injectable()
export class FacilityStateStore {
  private readonly entries = new Map<string, Entry>();
  /** Snapshots of every facility with a known profile, on the grid the matcher searches. */
  readonly index = new FacilityIndex();

  private entry(facilityId: string): Entry {
    let entry = this.entries.get(facilityId);
    if (!entry) {
      entry = { sequences: { profile: 0, capacity: 0, accreditation: 0, insurance: 0 }, beds: [], credentials: [], payers: [] };
      this.entries.set(facilityId, entry);
    }
    return entry;
  }

  /** Applies `change` only if the event is newer than the last one of its topic for that facility. */
  private apply(facilityId: string, topic: keyof Sequences, sequence: number, change: (entry: Entry) => void): ApplyOutcome {
    const entry = this.entry(facilityId);
    if (sequence <= entry.sequences[topic]) return 'stale';
    change(entry);
    entry.sequences[topic] = sequence;
    if (entry.profile) {
      entry.snapshot = toSnapshot(entry.profile, entry);
      this.index.upsert(entry.snapshot);
    }
    return 'applied';
  }

  applyProfile(event: EventEnvelope<FacilityProfileValue>): ApplyOutcome {
    return this.apply(event.payload.facilityId, 'profile', event.sequence, (entry) => {
      entry.profile = event.payload;
    });
  }

  /** Each capacity event carries the facility's whole bed board, so it replaces the one held. */
  applyCapacity(event: EventEnvelope<FacilityCapacityValue>): ApplyOutcome {
    return this.apply(event.payload.facilityId, 'capacity', event.sequence, (entry) => {
      entry.beds = event.payload.beds.map((bed) => ({
        levelOfCare: bed.levelOfCare,
        bedType: bed.bedType,
        staffed: bed.staffed,
        available: bed.available,
        opening24h: bed.opening24h,
        opening72h: bed.opening72h,
        waitlist: bed.waitlist,
        typicalWaitDays: bed.typicalWaitDays ?? null,
        confirmedAt: bed.confirmedAt,
      }));
    });
  }

  applyAccreditation(event: EventEnvelope<FacilityAccreditationValue>): ApplyOutcome {
    return this.apply(event.payload.facilityId, 'accreditation', event.sequence, (entry) => {
      entry.credentials = event.payload.credentials.map((credential) => ({
        type: credential.type,
        status: credential.status,
        expiresOn: credential.expiresOn ?? null,
        // An event from before verification existed says nothing: nothing the facility entered is trusted by default.
        verification: credential.verification ?? 'unverified',
      }));
    });
  }

  applyInsurance(event: EventEnvelope<FacilityInsuranceValue>): ApplyOutcome {
    return this.apply(event.payload.facilityId, 'insurance', event.sequence, (entry) => {
      entry.payers = [...event.payload.payers];
    });
  }

  /**
   * Facilities whose profile is known. Beds, credentials and payers stay empty until their events
   * arrive, so such a facility is listed but excluded by the matching rules.
   */
  snapshots(): IterableIterator<FacilitySnapshot> {
    return this.index.values();
  }

  /** Facilities that any event has mentioned, including those whose profile has not arrived yet. */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    for (const facility of [...this.index.values()]) this.index.remove(facility.facilityId);
  }
}

function toSnapshot(profile: FacilityProfileValue, entry: Entry): FacilitySnapshot {
  return {
    facilityId: profile.facilityId,
    name: profile.name,
    city: profile.city,
    state: profile.state,
    latitude: profile.latitude,
    longitude: profile.longitude,
    active: profile.active,
    levelsOfCare: [...new Set<LevelOfCare>(profile.programs.map((program) => program.levelOfCare))],
    medications: profile.medications,
    continuesExternalMedication: profile.continuesExternalMedication ?? null,
    // Optional on facility.profile.v2: an event from before they existed has none on file.
    medicationServices: profile.medicationServices ?? [],
    substancesNotTreated: profile.substancesNotTreated ?? [],
    servesOnlyClientsWith: profile.servesOnlyClientsWith ?? [],
    withdrawalManaged: profile.withdrawalManaged ?? [],
    operators: profile.operators ?? [],
    supportServices: profile.supportServices ?? [],
    therapies: profile.therapies,
    populations: profile.populations,
    gendersAccepted: profile.gendersAccepted,
    ageGroupsAccepted: profile.ageGroupsAccepted,
    languages: profile.languages,
    payers: entry.payers,
    credentials: entry.credentials,
    beds: entry.beds,
  };
}
