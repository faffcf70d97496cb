import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, FacilityCapacityReportValue } from '#contracts';
import { RejectedEventError } from '#messaging';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../facility-errors.js';
import { UpdateCapacityCommand } from '../update-capacity/update-capacity.command.js';
import { UpdateCapacityHandler } from '../update-capacity/update-capacity.handler.js';

/** Clocks differ a little; a report further ahead than this would pin its lines against every later one. */
export const REPORT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Applies bed counts a facility's own system published on facility.capacity-report.v1, in the inbox's
 * transaction. A report older than what the registry already holds changes nothing (out-of-order
 * delivery); one that can never apply goes to the dead-letter topic with the reason.
 */
@Injectable()
export class RecordCapacityReportHandler {
  constructor(private readonly updateCapacity: UpdateCapacityHandler) {}

  async execute(event: EventEnvelope<FacilityCapacityReportValue>, manager: EntityManager): Promise<void> {
    const report = event.payload;
    if (event.key !== report.facilityId) throw new RejectedEventError(`the message key ${event.key} is not the facility id ${report.facilityId}`);
    const reportedAt = new Date(report.reportedAt);
    if (reportedAt.getTime() > Date.now() + REPORT_CLOCK_SKEW_MS) {
      throw new RejectedEventError(`reportedAt ${report.reportedAt} is in the future; check the sending system's clock`);
    }
    const lines = report.beds.map((line) => ({
      levelOfCare: line.levelOfCare,
      bedType: line.bedType ?? 'general',
      staffed: line.staffed,
      available: line.available,
      opening24h: line.opening24h ?? 0,
      opening72h: line.opening72h ?? 0,
      waitlist: line.waitlist ?? false,
      typicalWaitDays: line.typicalWaitDays ?? null,
    }));
    try {
      await this.updateCapacity.apply(manager, new UpdateCapacityCommand(report.facilityId, lines, reportedAt, `kafka:${event.producer}`, true));
    } catch (error) {
      if (error instanceof FacilityNotFoundError || error instanceof InvalidFacilityUpdateError) throw new RejectedEventError(error.message);
      throw error;
    }
  }
}
