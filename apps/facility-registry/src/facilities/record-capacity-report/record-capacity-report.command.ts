import type { EventEnvelope, FacilityCapacityReportValue } from '#contracts';

/** Bed counts a facility's own system published on facility.capacity-report.v1. */
export class RecordCapacityReportCommand {
  constructor(readonly event: EventEnvelope<FacilityCapacityReportValue>) {}
}
