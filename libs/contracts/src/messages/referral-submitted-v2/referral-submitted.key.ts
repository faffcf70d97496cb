import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by referral id: referral partitions are shared among matcher instances. */
export class ReferralSubmittedKey extends EventKey {}
