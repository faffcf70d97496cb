import type { BedHoldValue, EventEnvelope } from '#contracts';

/** The registry's bed.hold event, as the inbox received it. */
export class RecordBedHoldCommand {
  constructor(readonly event: EventEnvelope<BedHoldValue>) {}
}
