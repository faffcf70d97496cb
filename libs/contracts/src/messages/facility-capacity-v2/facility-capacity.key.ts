import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by facility id: each event carries the facility's whole bed inventory, so compaction keeps it. */
export class FacilityCapacityKey extends EventKey {}
