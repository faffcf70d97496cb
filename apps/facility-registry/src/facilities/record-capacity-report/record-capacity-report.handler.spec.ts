import type { EventEnvelope, FacilityCapacityReportValue } from '#contracts';
import { RejectedEventError } from '#messaging';
import type { Transaction, UnitOfWork } from '#persistence';
import { FacilityNotFoundError } from '../domain/facility-errors.js';
import type { CapacityUpdateService } from '../update-capacity/capacity-update.service.js';
import type { UpdateCapacityCommand } from '../update-capacity/update-capacity.command.js';
import { RecordCapacityReportCommand } from './record-capacity-report.command.js';
import { RecordCapacityReportHandler, REPORT_CLOCK_SKEW_MS } from './record-capacity-report.handler.js';

const FACILITY = '6f2c1d9e-4b7a-4c39-9f0e-2a1b3c4d5e6f';
const tx = {} as Transaction;
/** A unit of work that hands the work the one transaction, as the inbox's would. */
const unitOfWork = { run: <T>(work: (tx: Transaction) => Promise<T>) => work(tx) } as unknown as UnitOfWork;

function report(reportedAt: Date, key = FACILITY): RecordCapacityReportCommand {
  return new RecordCapacityReportCommand({
    eventId: 'e1',
    type: 'facility.capacity-report.v1',
    occurredAt: reportedAt.toISOString(),
    producer: 'ehr-bridge',
    key,
    payload: {
      facilityId: FACILITY,
      reportedAt: reportedAt.toISOString(),
      beds: [{ levelOfCare: 'detox-residential', staffed: 8, available: 3 }],
    },
  } as unknown as EventEnvelope<FacilityCapacityReportValue>);
}

function handlerApplying(outcome: () => Promise<unknown> = async () => []): {
  handler: RecordCapacityReportHandler;
  applied: UpdateCapacityCommand[];
} {
  const applied: UpdateCapacityCommand[] = [];
  const capacity = {
    apply: async (within: Transaction, command: UpdateCapacityCommand) => {
      expect(within).toBe(tx);
      applied.push(command);
      return outcome();
    },
  } as unknown as CapacityUpdateService;
  return { handler: new RecordCapacityReportHandler(unitOfWork, capacity), applied };
}

describe('RecordCapacityReportHandler', () => {
  it('applies a report as a capacity update that skips older lines, with the API defaults for what it leaves out', async () => {
    const { handler, applied } = handlerApplying();
    const at = new Date(Date.now() - 60_000);
    await handler.execute(report(at));
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ facilityId: FACILITY, confirmedAt: at, changedBy: 'kafka:ehr-bridge', skipOlderLines: true });
    expect(applied[0]!.beds).toEqual([
      {
        levelOfCare: 'detox-residential',
        bedType: 'general',
        staffed: 8,
        available: 3,
        opening24h: 0,
        opening72h: 0,
        waitlist: false,
        typicalWaitDays: null,
      },
    ]);
  });

  it('accepts a sender whose clock runs a little ahead', async () => {
    const { handler, applied } = handlerApplying();
    await handler.execute(report(new Date(Date.now() + REPORT_CLOCK_SKEW_MS / 2)));
    expect(applied).toHaveLength(1);
  });

  it('dead-letters a report dated in the future, which would otherwise pin its lines against every later report', async () => {
    const { handler, applied } = handlerApplying();
    await expect(handler.execute(report(new Date(Date.now() + 2 * REPORT_CLOCK_SKEW_MS)))).rejects.toThrow(RejectedEventError);
    expect(applied).toEqual([]);
  });

  it('dead-letters a report whose key is not its facility, or for a facility the registry does not know', async () => {
    const keyed = handlerApplying();
    await expect(keyed.handler.execute(report(new Date(), 'another-facility'))).rejects.toThrow(RejectedEventError);
    expect(keyed.applied).toEqual([]);
    const unknown = handlerApplying(async () => Promise.reject(new FacilityNotFoundError(FACILITY)));
    await expect(unknown.handler.execute(report(new Date()))).rejects.toThrow(RejectedEventError);
  });
});
