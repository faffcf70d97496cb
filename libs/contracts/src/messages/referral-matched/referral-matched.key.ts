import { EventKey } from '../../envelope/event-envelope.js';

export class ReferralMatchedKey extends EventKey {}
