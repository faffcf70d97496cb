import type { AccessTokenVerifier, Principal, TokenVerification, VerifyOptions } from '#auth';
import type { EventEnvelope, FacilityCapacityReportValue } from '#contracts';
import { RejectedEventError } from '#messaging';
import type { Transaction, UnitOfWork } from '#persistence';
import { FacilityNotFoundError } from '../domain/facility-errors.js';
import type { CapacityUpdateService } from '../update-capacity/capacity-update.service.js';
import type { UpdateCapacityCommand } from '../update-capacity/update-capacity.command.js';
import { accessTokenOf, RecordCapacityReportCommand } from './record-capacity-report.command.js';
import { RecordCapacityReportHandler, REPORT_CLOCK_SKEW_MS } from './record-capacity-report.handler.js';

const FACILITY = '6f2c1d9e-4b7a-4c39-9f0e-2a1b3c4d5e6f';
const OTHER_FACILITY = '7a3d2e0f-5c8b-4d4a-8a1f-3b2c4d5e6f70';
const ACCOUNT = '22222222-2222-4222-8222-222222222222';
const TOKEN = 'the-systems-token';
const system: Principal = { sub: ACCOUNT, role: 'system', facilityIds: [FACILITY], organization: null };
const tx = {} as Transaction;
/** A unit of work that hands the work the one transaction, as the inbox's would. */
const unitOfWork = { run: <T>(work: (tx: Transaction) => Promise<T>) => work(tx) } as unknown as UnitOfWork;

function report(reportedAt: Date, key = FACILITY, accessToken: string | null = TOKEN): RecordCapacityReportCommand {
  return new RecordCapacityReportCommand(
    {
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
    } as unknown as EventEnvelope<FacilityCapacityReportValue>,
    accessToken,
  );
}

/** The verifier as the handler sees it: this answer for the one token it knows, and every question asked. */
function verifierAnswering(answer: TokenVerification) {
  const asked: Array<{ token: string; options: VerifyOptions | undefined }> = [];
  const verifier = {
    verify: (token: string, options?: VerifyOptions) => {
      asked.push({ token, options });
      return Promise.resolve(token === TOKEN ? answer : ({ ok: false, refusal: 'invalid' } as const));
    },
  } as unknown as AccessTokenVerifier;
  return { verifier, asked };
}

const allowed = (principal: Principal = system): TokenVerification => ({
  ok: true,
  principal,
  credential: { accountId: principal.sub, token: TOKEN, version: 1, expiresAtMs: null },
});

function handlerApplying(
  outcome: () => Promise<unknown> = async () => [],
  verification: TokenVerification = allowed(),
): {
  handler: RecordCapacityReportHandler;
  applied: UpdateCapacityCommand[];
  asked: Array<{ token: string; options: VerifyOptions | undefined }>;
} {
  const applied: UpdateCapacityCommand[] = [];
  const capacity = {
    apply: async (within: Transaction, command: UpdateCapacityCommand) => {
      expect(within).toBe(tx);
      applied.push(command);
      return outcome();
    },
  } as unknown as CapacityUpdateService;
  const { verifier, asked } = verifierAnswering(verification);
  return { handler: new RecordCapacityReportHandler(unitOfWork, capacity, verifier), applied, asked };
}

describe('RecordCapacityReportHandler', () => {
  it('applies a report as a capacity update that skips older lines, with the API defaults for what it leaves out', async () => {
    const { handler, applied } = handlerApplying();
    const at = new Date(Date.now() - 60_000);
    await handler.execute(report(at));
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ facilityId: FACILITY, confirmedAt: at, changedBy: ACCOUNT, skipOlderLines: true });
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

  describe('who sent it', () => {
    const refusalOf = async (handler: RecordCapacityReportHandler, command: RecordCapacityReportCommand): Promise<string> => {
      const error = await handler.execute(command).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RejectedEventError);
      return (error as Error).message;
    };

    it('records the system account whose token came with the report as the author, and checks the token as of reportedAt', async () => {
      const { handler, applied, asked } = handlerApplying();
      const at = new Date(Date.now() - 30 * 60_000);
      await handler.execute(report(at));
      expect(applied.map((command) => command.changedBy)).toEqual([ACCOUNT]);
      expect(asked).toEqual([{ token: TOKEN, options: expect.objectContaining({ validAt: at }) }]);
    });

    it('dead-letters a report without a token, saying so, and asks nobody', async () => {
      const { handler, applied, asked } = handlerApplying();
      expect(await refusalOf(handler, report(new Date(), FACILITY, null))).toMatch(/^no access token in the authorization header/);
      expect(applied).toEqual([]);
      expect(asked).toEqual([]);
    });

    it.each([
      ['invalid', /access token is not valid/],
      ['expired', /access token had expired when the report was made; sign in again with the API key/],
      ['revoked', /^access revoked/],
      ['unconfirmed', /expired before the report was processed/],
    ] as const)('dead-letters a report whose token is %s, with a plain reason that never holds the token', async (refusal, reason) => {
      const { handler, applied } = handlerApplying(undefined, { ok: false, refusal });
      const message = await refusalOf(handler, report(new Date()));
      expect(message).toMatch(reason);
      expect(message).not.toContain(TOKEN);
      expect(applied).toEqual([]);
    });

    it('dead-letters a report from an account that is not a system account, even staff of the facility', async () => {
      const staff: Principal = { ...system, role: 'facility-staff' };
      const { handler, applied } = handlerApplying(undefined, allowed(staff));
      expect(await refusalOf(handler, report(new Date()))).toBe(
        `account ${ACCOUNT} is facility-staff: only a facility's system account may report on Kafka`,
      );
      expect(applied).toEqual([]);
    });

    it('dead-letters a report for a facility the account does not act for', async () => {
      const { handler, applied } = handlerApplying(undefined, allowed({ ...system, facilityIds: [OTHER_FACILITY] }));
      expect(await refusalOf(handler, report(new Date()))).toBe(`account ${ACCOUNT} may not report for facility ${FACILITY}`);
      expect(applied).toEqual([]);
    });

    it('lets a failure to reach identity through, so the inbox retries the report rather than parking it', async () => {
      const down = new Error('identity unavailable');
      const applied: unknown[] = [];
      const verifier = { verify: () => Promise.reject(down) } as unknown as AccessTokenVerifier;
      const capacity = {
        apply: (_tx: Transaction, command: unknown) => Promise.resolve(applied.push(command)),
      } as unknown as CapacityUpdateService;
      await expect(new RecordCapacityReportHandler(unitOfWork, capacity, verifier).execute(report(new Date()))).rejects.toBe(down);
      expect(applied).toEqual([]);
    });
  });
});

describe('accessTokenOf', () => {
  it('takes the bearer token from the authorization header, as Kafka delivers it (a Buffer) or as a string, in any case', () => {
    expect(accessTokenOf({ authorization: Buffer.from(`Bearer ${TOKEN}`) })).toBe(TOKEN);
    expect(accessTokenOf({ Authorization: `bearer ${TOKEN}` })).toBe(TOKEN);
    expect(accessTokenOf({ authorization: [Buffer.from(`Bearer ${TOKEN}`)] })).toBe(TOKEN);
  });

  it('finds none without the header, with another scheme, or with anything after the token', () => {
    expect(accessTokenOf(undefined)).toBeNull();
    expect(accessTokenOf({ 'correlation-id': Buffer.from('c1') })).toBeNull();
    expect(accessTokenOf({ authorization: Buffer.from(`Basic ${TOKEN}`) })).toBeNull();
    expect(accessTokenOf({ authorization: Buffer.from('Bearer') })).toBeNull();
    expect(accessTokenOf({ authorization: Buffer.from(`Bearer ${TOKEN} extra`) })).toBeNull();
  });
});
