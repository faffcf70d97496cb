import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by facility id: the compacted topic keeps each facility's latest profile. */
export class FacilityProfileKey extends EventKey {}
