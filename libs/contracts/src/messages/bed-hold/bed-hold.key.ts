import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by referral id, like the tasks the holds answer. */
export class BedHoldKey extends EventKey {}
