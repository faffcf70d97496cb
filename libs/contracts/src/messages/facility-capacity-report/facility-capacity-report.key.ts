import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by facility id, so one facility's reports stay in order on one partition. */
export class FacilityCapacityReportKey extends EventKey {}
