import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by facility id: the compacted topic keeps each facility's current licences and accreditations. */
export class FacilityAccreditationKey extends EventKey {}
