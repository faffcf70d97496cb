import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by facility id: the compacted topic keeps each facility's accepted payers. */
export class FacilityInsuranceKey extends EventKey {}
