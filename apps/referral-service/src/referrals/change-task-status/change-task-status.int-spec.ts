import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { Principal } from '#auth';
import { Topic, type BedHoldStatus, type BedHoldValue, type EventEnvelope, type ReferralTaskValue } from '#contracts';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralModule } from '../../referral.module.js';
import { ReferralMatchEntity } from '../database/referral-match.entity.js';
import { ReferralTaskEntity } from '../database/referral-task.entity.js';
import { ReferralEntity } from '../database/referral.entity.js';
import { TaskTransitionEntity } from '../database/task-transition.entity.js';
import { ReferralConflictError } from '../domain/referral-errors.js';
import { EscalateUnansweredCommand } from '../escalate-unanswered/escalate-unanswered.command.js';
import { EscalateUnansweredHandler } from '../escalate-unanswered/escalate-unanswered.handler.js';
import { RecordBedHoldCommand } from '../record-bed-hold/record-bed-hold.command.js';
import { RecordBedHoldHandler } from '../record-bed-hold/record-bed-hold.handler.js';
import { SendReferralCommand } from '../send-referral/send-referral.command.js';
import { SendReferralHandler } from '../send-referral/send-referral.handler.js';
import { ChangeTaskStatusCommand } from './change-task-status.command.js';
import { ChangeTaskStatusHandler } from './change-task-status.handler.js';

// Against the database `npm test` provides, in a schema of its own; the outbox relay never runs.
const SCHEMA = freshSchema('it_tasks');
const ANSWER_SECONDS = 900;

const planner: Principal = { sub: 'planner-1', role: 'planner', facilityIds: [], organization: 'St Elsewhere' };
const staffOf = (facilityId: string): Principal => ({
  sub: `staff-${facilityId}`,
  role: 'facility-staff',
  facilityIds: [facilityId],
  organization: null,
});

describe('referral tasks (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let send: SendReferralHandler;
  let change: ChangeTaskStatusHandler;
  let recordHold: RecordBedHoldHandler;
  let escalate: EscalateUnansweredHandler;

  /** A matched referral with three facilities in its matches. */
  async function matchedReferral(): Promise<{ id: string; facilityIds: string[] }> {
    const id = randomUUID();
    const facilityIds = [randomUUID(), randomUUID(), randomUUID()];
    await dataSource.getRepository(ReferralEntity).insert({
      id,
      matchStatus: 'matched',
      levelOfCare: 'detox-residential',
      payer: 'medicaid',
      originZip: '40202',
      originState: 'KY',
      originLatitude: 38.25,
      originLongitude: -85.75,
      maxDistanceMiles: 50,
      gender: 'male',
      ageYears: 40,
      pregnant: false,
      coOccurringMentalIllness: false,
      substances: ['alcohol'],
      courtOrder: null,
      medication: null,
      startMedication: null,
      bedsForChildren: false,
      childcare: false,
      language: null,
      acceptHigherLevels: false,
      requireAccreditation: false,
      submittedAt: new Date(),
      matchedAt: new Date(),
      facilitiesConsidered: 3,
      excludedByRule: {},
      nearbyExclusions: [],
      suggestions: [],
      version: 2,
      submittedBy: planner.sub,
      organization: planner.organization,
    });
    await dataSource.getRepository(ReferralMatchEntity).insert(
      facilityIds.map((facilityId, index) => ({
        referralId: id,
        rank: index + 1,
        facilityId,
        facilityName: `Facility ${index + 1}`,
        levelOfCare: 'detox-residential' as const,
        city: 'Louisville',
        state: 'KY',
        distanceMiles: index + 1,
        bedsAvailable: 1,
        score: 1 - index / 10,
        reasons: [],
      })),
    );
    return { id, facilityIds };
  }

  async function tasksOf(referralId: string): Promise<ReferralTaskEntity[]> {
    return dataSource.getRepository(ReferralTaskEntity).find({ where: { referralId }, order: { facilityName: 'ASC' } });
  }

  async function taskEvents(referralId: string): Promise<ReferralTaskValue[]> {
    const rows: { envelope: EventEnvelope<ReferralTaskValue> }[] = await dataSource.query(
      'SELECT envelope FROM outbox WHERE topic = $1 AND message_key = $2 ORDER BY id',
      [Topic.ReferralTask, referralId],
    );
    return rows.map((row) => row.envelope.payload);
  }

  function holdEvent(task: ReferralTaskEntity, status: BedHoldStatus, sequence: number): EventEnvelope<BedHoldValue> {
    return {
      eventId: randomUUID(),
      type: Topic.BedHold,
      occurredAt: new Date().toISOString(),
      producer: 'facility-registry',
      key: task.referralId,
      sequence,
      payload: {
        taskId: task.id,
        referralId: task.referralId,
        facilityId: task.facilityId,
        status,
        levelOfCare: task.levelOfCare,
        bedType: 'general',
        expiresAt: status === 'held' ? new Date(Date.now() + 3_600_000).toISOString() : null,
        reason: `bed ${status}`,
        changedAt: new Date().toISOString(),
      },
    };
  }

  beforeAll(async () => {
    // The service's own module, compiled but never started: no relay, sweeper or consumer runs. The
    // readiness check's TypeORM indicator looks for its packages with require(), which jest's ESM
    // runtime refuses; no health endpoint is called here.
    moduleRef = await Test.createTestingModule({
      imports: [
        ReferralModule.forRoot(
          integrationConfig(ReferralConfig, SCHEMA, { DATABASE_POOL_SIZE: 8, REFERRAL_ANSWER_SECONDS: ANSWER_SECONDS }),
        ),
      ],
    })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    dataSource = moduleRef.get(DataSource);
    send = moduleRef.get(SendReferralHandler);
    change = moduleRef.get(ChangeTaskStatusHandler);
    recordHold = moduleRef.get(RecordBedHoldHandler);
    escalate = moduleRef.get(EscalateUnansweredHandler);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'three facilities accept at the same moment: exactly one wins, the others are cancelled',
    async () => {
      const referral = await matchedReferral();
      await send.execute(new SendReferralCommand(referral.id, referral.facilityIds, planner, new Date()));
      const tasks = await tasksOf(referral.id);
      expect(tasks.map((task) => task.status)).toEqual(['requested', 'requested', 'requested']);

      const outcomes = await Promise.allSettled(
        tasks.map((task) =>
          change.execute(new ChangeTaskStatusCommand(referral.id, task.id, 'accept', staffOf(task.facilityId), new Date())),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused).toHaveLength(2);
      for (const outcome of refused) expect(outcome.reason).toBeInstanceOf(ReferralConflictError);

      const after = await tasksOf(referral.id);
      expect(after.filter((task) => task.status === 'accepted')).toHaveLength(1);
      expect(after.filter((task) => task.status === 'cancelled' && task.statusReason === 'placed-elsewhere')).toHaveLength(2);
      // Every change is announced: three requests, one acceptance, two cancellations, versions growing per task.
      const events = await taskEvents(referral.id);
      expect(events.map((event) => event.status).sort()).toEqual([
        'accepted',
        'cancelled',
        'cancelled',
        'requested',
        'requested',
        'requested',
      ]);
      // The registry is told the patient's age band (40: 26–64), never the exact age.
      expect(events.map((event) => event.patient)).toEqual(Array(6).fill({ gender: 'male', ageBand: '26-64' }));
      const rows: { envelope: unknown }[] = await dataSource.query('SELECT envelope FROM outbox WHERE message_key = $1', [referral.id]);
      expect(JSON.stringify(rows)).not.toContain('ageYears');
      expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE topic = $1', [Topic.ReferralTaskV1])).toEqual([{ n: 0 }]);
    },
    TIMEOUT_MS,
  );

  it(
    'sending twice to a facility that still owes an answer creates no second task',
    async () => {
      const referral = await matchedReferral();
      await send.execute(new SendReferralCommand(referral.id, [referral.facilityIds[0]!], planner, new Date()));
      await send.execute(new SendReferralCommand(referral.id, [referral.facilityIds[0]!, referral.facilityIds[1]!], planner, new Date()));
      expect((await tasksOf(referral.id)).map((task) => task.facilityId).sort()).toEqual(
        [referral.facilityIds[0], referral.facilityIds[1]].sort(),
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a refused hold fails the task at once; a late or repeated hold event changes nothing',
    async () => {
      const referral = await matchedReferral();
      await send.execute(new SendReferralCommand(referral.id, referral.facilityIds.slice(0, 2), planner, new Date()));
      const [first, second] = await tasksOf(referral.id);

      await recordHold.execute(new RecordBedHoldCommand(holdEvent(first!, 'refused', 1)));
      await recordHold.execute(new RecordBedHoldCommand(holdEvent(second!, 'held', 1)));
      await recordHold.execute(new RecordBedHoldCommand(holdEvent(second!, 'expired', 2)));
      // Redelivered and overtaken events.
      await recordHold.execute(new RecordBedHoldCommand(holdEvent(second!, 'held', 1)));
      await recordHold.execute(new RecordBedHoldCommand(holdEvent(first!, 'refused', 1)));

      const [failedFirst, failedSecond, escalated] = await tasksOf(referral.id);
      expect(failedFirst).toMatchObject({ status: 'failed', statusReason: 'no-bed', holdStatus: 'refused', holdVersion: 1 });
      expect(failedSecond).toMatchObject({
        status: 'failed',
        statusReason: 'hold-expired',
        holdStatus: 'expired',
        holdVersion: 2,
        holdExpiresAt: null,
      });
      // The expired hold means no answer: the third match, never tried, gets the referral.
      expect(escalated).toMatchObject({ facilityId: referral.facilityIds[2], status: 'requested', escalatedFromTaskId: second!.id });
      const transitions = await dataSource
        .getRepository(TaskTransitionEntity)
        .find({ where: { referralId: referral.id }, order: { id: 'ASC' } });
      expect(transitions.map((row) => [row.fromStatus, row.toStatus, row.reason, row.changedBy])).toEqual([
        [null, 'requested', null, planner.sub],
        [null, 'requested', null, planner.sub],
        ['requested', 'failed', 'no-bed', 'facility-registry'],
        ['requested', 'failed', 'hold-expired', 'facility-registry'],
        [null, 'requested', 'escalated', 'escalation'],
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    'an expiry that arrives after the facility accepted leaves the acceptance standing',
    async () => {
      const referral = await matchedReferral();
      await send.execute(new SendReferralCommand(referral.id, [referral.facilityIds[0]!], planner, new Date()));
      const [task] = await tasksOf(referral.id);
      await change.execute(new ChangeTaskStatusCommand(referral.id, task!.id, 'accept', staffOf(task!.facilityId), new Date()));
      await recordHold.execute(new RecordBedHoldCommand(holdEvent(task!, 'expired', 2)));
      expect((await tasksOf(referral.id))[0]).toMatchObject({ status: 'accepted', holdStatus: 'expired' });
    },
    TIMEOUT_MS,
  );

  it(
    'a facility that does not answer in time is skipped for the next best match, once, whoever sweeps',
    async () => {
      const referral = await matchedReferral();
      const sentAt = new Date(Date.now() - 60_000);
      await send.execute(new SendReferralCommand(referral.id, [referral.facilityIds[0]!], planner, sentAt));
      // Tasks left by earlier tests may fall due at this moment; this referral's must not.
      await escalate.execute(new EscalateUnansweredCommand(new Date(sentAt.getTime() + (ANSWER_SECONDS - 1) * 1000)));
      expect((await tasksOf(referral.id)).map((task) => [task.facilityId, task.status])).toEqual([[referral.facilityIds[0], 'requested']]);

      const late = new Date(sentAt.getTime() + (ANSWER_SECONDS + 1) * 1000);
      const swept = await Promise.all([
        escalate.execute(new EscalateUnansweredCommand(late)),
        escalate.execute(new EscalateUnansweredCommand(late)),
      ]);
      expect(swept[0]! + swept[1]!).toBeGreaterThanOrEqual(1);
      const tasks = await tasksOf(referral.id);
      expect(tasks.map((task) => [task.facilityId, task.status, task.statusReason])).toEqual([
        [referral.facilityIds[0], 'cancelled', 'no-answer'],
        [referral.facilityIds[1], 'requested', 'escalated'],
      ]);
      // The cancellation reaches the registry (bed released) like any other.
      expect((await taskEvents(referral.id)).map((event) => event.status)).toEqual(['requested', 'cancelled', 'requested']);
    },
    TIMEOUT_MS,
  );
});
