import { EventKey } from '../../envelope/event-envelope.js';

/** Keyed by referral id, so every facility's task of one referral stays in order. */
export class ReferralTaskKey extends EventKey {}
