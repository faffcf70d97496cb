import { Injectable } from '@nestjs/common';
import { RejectedEventError } from '#messaging';
import { UnitOfWork } from '#persistence';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import { CapacityUpdateService } from '../update-capacity/capacity-update.service.js';
import { UpdateCapacityCommand } from '../update-capacity/update-capacity.command.js';
import type { RecordCapacityReportCommand } from './record-capacity-report.command.js';

/** Clocks differ a little; a report further ahead than this would pin its lines against every later one. */
export const REPORT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Applies bed counts a facility's own system published on facility.capacity-report.v1; its unit of
 * work joins the inbox's transaction. A report older than what the registry already holds changes
 * nothing (out-of-order delivery); one that can never apply goes to the dead-letter topic with the reason.
 */
@Injectable()
export class RecordCapacityReportHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly capacity: CapacityUpdateService,
  ) {}

  async execute(command: RecordCapacityReportCommand): Promise<void> {
    const { event } = command;
    const report = event.payload;
    if (event.key !== report.facilityId)
      throw new RejectedEventError(`the message key ${event.key} is not the facility id ${report.facilityId}`);
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
      const update = new UpdateCapacityCommand(report.facilityId, lines, reportedAt, `kafka:${event.producer}`, true);
      await this.unitOfWork.run((tx) => this.capacity.apply(tx, update));
    } catch (error) {
      if (error instanceof FacilityNotFoundError || error instanceof InvalidFacilityUpdateError)
        throw new RejectedEventError(error.message);
      throw error;
    }
  }
}
