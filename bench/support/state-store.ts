import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { decodeEvent, Topic, type BedCountValue, type EventEnvelope, type FacilityCapacityValue } from '#contracts';
import {
  toAccreditationPayload,
  toCapacityPayload,
  toInsurancePayload,
  toProfilePayload,
} from '../../apps/facility-registry/src/facilities/domain/facility-events.js';
import { FacilityStateStore } from '../../apps/matcher/src/facility-state/facility-state.store.js';
import { toSnapshot, type BenchFacility } from './directory.js';
import type { Prng } from './prng.js';
import { millisSince } from './stats.js';

const PRODUCER = 'facility-registry';
/** Facilities whose four events are serialised, then decoded and applied, per step (bounds memory). */
const REBUILD_CHUNK = 5_000;

function envelope<P extends object>(type: Topic, facilityId: string, sequence: number, occurredAt: string, payload: P): EventEnvelope<P> {
  return { eventId: randomUUID(), type, occurredAt, producer: PRODUCER, key: facilityId, sequence, payload };
}

/**
 * The four events the registry publishes for a facility it has just imported, with the registry's own
 * payload builders (facility-events.ts), so the bench decodes exactly what the matcher would receive.
 */
function facilityEvents(facility: BenchFacility, occurredAt: string) {
  const id = facility.facilityId;
  // A just-imported facility: no private plans or upfront-payment answer on file, nothing before it.
  const record = { ...facility, id, updatedAt: new Date(occurredAt), privateInsurancePlans: [], upfrontPaymentRequired: null };
  const beds = facility.beds.map((bed) => ({ ...bed, confirmedAt: new Date(bed.confirmedAt) }));
  return {
    profile: envelope(Topic.FacilityProfile, id, 1, occurredAt, toProfilePayload(record, null)),
    capacity: envelope(Topic.FacilityCapacity, id, 1, occurredAt, toCapacityPayload(id, beds, [])),
    accreditation: envelope(Topic.FacilityAccreditation, id, 1, occurredAt, toAccreditationPayload(id, facility.credentials, [])),
    insurance: envelope(Topic.FacilityInsurance, id, 1, occurredAt, toInsurancePayload(record, null)),
  };
}

interface Message {
  readonly topic: Topic;
  readonly key: Buffer;
  readonly value: Buffer;
}

/** Decodes (with validation) and applies one message, as applyStateEvent in the matcher's loader does. */
function decodeAndApply(store: FacilityStateStore, message: Message): string | null {
  switch (message.topic) {
    case Topic.FacilityProfile: {
      const decoded = decodeEvent(Topic.FacilityProfile, message.key, message.value);
      if (!decoded.ok) return decoded.reason;
      store.applyProfile(decoded.envelope);
      return null;
    }
    case Topic.FacilityCapacity: {
      const decoded = decodeEvent(Topic.FacilityCapacity, message.key, message.value);
      if (!decoded.ok) return decoded.reason;
      store.applyCapacity(decoded.envelope);
      return null;
    }
    case Topic.FacilityAccreditation: {
      const decoded = decodeEvent(Topic.FacilityAccreditation, message.key, message.value);
      if (!decoded.ok) return decoded.reason;
      store.applyAccreditation(decoded.envelope);
      return null;
    }
    case Topic.FacilityInsurance: {
      const decoded = decodeEvent(Topic.FacilityInsurance, message.key, message.value);
      if (!decoded.ok) return decoded.reason;
      store.applyInsurance(decoded.envelope);
      return null;
    }
    default:
      return `unexpected topic ${message.topic}`;
  }
}

const toMessage = (topic: Topic, event: EventEnvelope<object>): Message => ({
  topic,
  key: Buffer.from(event.key),
  value: Buffer.from(JSON.stringify(event)),
});

export interface RebuildResult {
  readonly store: FacilityStateStore;
  readonly events: number;
  /** Decode with class-validator validation, then apply: what the matcher does on start. */
  readonly decodeApplyMillis: number;
  /** Applying the same events as ready-made objects, without decoding. */
  readonly applyOnlyMillis: number;
  readonly rejected: number;
  readonly firstRejection: string | null;
}

/**
 * Builds the matcher's state from all four facility topics, as a fresh matcher does from Kafka. Per
 * chunk of facilities the messages are serialised first (not timed), then decoded and applied topic by
 * topic (timed), so each later aspect re-derives the facility's snapshot, as it does in the matcher.
 * The same events are also applied as objects to a second store, to show what validation costs.
 */
export function rebuildState(facilities: readonly BenchFacility[], occurredAt: string, onProgress?: (done: number) => void): RebuildResult {
  const store = new FacilityStateStore();
  const objectsStore = new FacilityStateStore();
  let decodeApplyMillis = 0;
  let applyOnlyMillis = 0;
  let events = 0;
  let rejected = 0;
  let firstRejection: string | null = null;
  for (let start = 0; start < facilities.length; start += REBUILD_CHUNK) {
    const chunk = facilities.slice(start, start + REBUILD_CHUNK).map((facility) => facilityEvents(facility, occurredAt));
    const messages: Message[] = [
      ...chunk.map((events) => toMessage(Topic.FacilityProfile, events.profile)),
      ...chunk.map((events) => toMessage(Topic.FacilityCapacity, events.capacity)),
      ...chunk.map((events) => toMessage(Topic.FacilityAccreditation, events.accreditation)),
      ...chunk.map((events) => toMessage(Topic.FacilityInsurance, events.insurance)),
    ];
    let started = process.hrtime.bigint();
    for (const message of messages) {
      const problem = decodeAndApply(store, message);
      if (problem !== null) {
        rejected += 1;
        firstRejection ??= problem;
      }
    }
    decodeApplyMillis += millisSince(started);
    events += messages.length;

    started = process.hrtime.bigint();
    for (const events of chunk) objectsStore.applyProfile(events.profile);
    for (const events of chunk) objectsStore.applyCapacity(events.capacity);
    for (const events of chunk) objectsStore.applyAccreditation(events.accreditation);
    for (const events of chunk) objectsStore.applyInsurance(events.insurance);
    applyOnlyMillis += millisSince(started);
    onProgress?.(Math.min(facilities.length, start + REBUILD_CHUNK));
  }
  objectsStore.clear();
  return { store, events, decodeApplyMillis, applyOnlyMillis, rejected, firstRejection };
}

/** Whether the store rebuilt from the events holds exactly the snapshots the bench matches against. */
export function sameSnapshots(store: FacilityStateStore, facilities: readonly BenchFacility[], sample: number, prng: Prng): boolean {
  if (store.index.size !== facilities.length) return false;
  for (let index = 0; index < sample; index += 1) {
    const facility = prng.pick(facilities);
    if (!isDeepStrictEqual({ ...store.index.get(facility.facilityId) }, toSnapshot(facility))) return false;
  }
  return true;
}

/**
 * Capacity updates as facility staff send them: a random facility's whole bed board with new free
 * counts, confirmed now, the next sequence for that facility. Built up front, so only applying is timed.
 */
function capacityUpdates(
  facilities: readonly BenchFacility[],
  count: number,
  prng: Prng,
  startAt: number,
): EventEnvelope<FacilityCapacityValue>[] {
  const boards = new Map<string, { sequence: number; beds: BedCountValue[] }>();
  const updates: EventEnvelope<FacilityCapacityValue>[] = [];
  for (let index = 0; index < count; index += 1) {
    const facility = prng.pick(facilities);
    let board = boards.get(facility.facilityId);
    if (!board) {
      board = { sequence: 1, beds: facility.beds.map((bed) => ({ ...bed })) };
      boards.set(facility.facilityId, board);
    }
    const confirmedAt = new Date(startAt + index).toISOString();
    const beds = board.beds.map((bed) => {
      const available = prng.int(0, bed.staffed);
      return {
        ...bed,
        available,
        opening72h: Math.min(bed.opening72h, bed.staffed - available),
        opening24h: Math.min(bed.opening24h, bed.staffed - available),
        confirmedAt,
      };
    });
    board.sequence += 1;
    updates.push(
      envelope(Topic.FacilityCapacity, facility.facilityId, board.sequence, confirmedAt, {
        facilityId: facility.facilityId,
        beds,
        previousBeds: board.beds,
      }),
    );
    board.beds = beds;
  }
  return updates;
}

export interface UpdateRates {
  /** Pre-built facility.capacity.v2 envelopes applied with FacilityStateStore.applyCapacity. */
  readonly appliedPerSecond: number;
  readonly applied: number;
  /** The same kind of update from its bytes: decodeEvent (JSON + validation), then applyCapacity. */
  readonly decodedPerSecond: number;
  readonly decoded: number;
  readonly stale: number;
}

export function measureCapacityUpdates(
  store: FacilityStateStore,
  facilities: readonly BenchFacility[],
  objectCount: number,
  decodeCount: number,
  prng: Prng,
  startAt: number,
): UpdateRates {
  const updates = capacityUpdates(facilities, objectCount + decodeCount, prng, startAt);
  // The first fifth warms the code up untimed (sequences still grow, so each update is applied).
  const warmUp = Math.floor(objectCount / 5);
  const objects = updates.slice(warmUp, objectCount);
  const messages = updates.slice(objectCount).map((update) => toMessage(Topic.FacilityCapacity, update));
  let stale = 0;
  for (const update of updates.slice(0, warmUp)) if (store.applyCapacity(update) === 'stale') stale += 1;
  let started = process.hrtime.bigint();
  for (const update of objects) if (store.applyCapacity(update) === 'stale') stale += 1;
  const objectMillis = millisSince(started);
  started = process.hrtime.bigint();
  for (const message of messages) {
    const decoded = decodeEvent(Topic.FacilityCapacity, message.key, message.value);
    if (!decoded.ok) throw new Error(`capacity update rejected: ${decoded.reason}`);
    if (store.applyCapacity(decoded.envelope) === 'stale') stale += 1;
  }
  const decodeMillis = millisSince(started);
  return {
    appliedPerSecond: objects.length / (objectMillis / 1000),
    applied: objects.length,
    decodedPerSecond: messages.length / (decodeMillis / 1000),
    decoded: messages.length,
    stale,
  };
}
