import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { MessageEvent } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { ACCESS_STATUS_SOURCE, type AccessCredential, type AccessStatusSource, type Principal } from '#auth';
import { entityManagerOf, UnitOfWork } from '#persistence';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralModule } from '../../referral.module.js';
import { AwaitReferralAnswerHandler } from '../await-referral-answer/await-referral-answer.handler.js';
import { AwaitReferralAnswerQuery } from '../await-referral-answer/await-referral-answer.query.js';
import { ReferralUpdates } from '../referral-updates.js';
import { SendReferralCommand } from '../send-referral/send-referral.command.js';
import { SendReferralHandler } from '../send-referral/send-referral.handler.js';
import { WatchReferralHttpController } from '../watch-referral/watch-referral.http.controller.js';
import { ReferralChangeListener } from './referral-change.listener.js';
import { ReferralMatchEntity } from './referral-match.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from './referral.repository.port.js';
import { ReferralEntity } from './referral.entity.js';

// Two instances of the service against one database, in a schema of their own: what one commits, the
// other hears through PostgreSQL's LISTEN/NOTIFY, and nothing else (no in-process signal crosses, and no
// stream polls).
const SCHEMA = freshSchema('it_live_updates');

interface Instance {
  readonly moduleRef: TestingModule;
  readonly dataSource: DataSource;
  readonly updates: ReferralUpdates;
  readonly listener: ReferralChangeListener;
  readonly watch: WatchReferralHttpController;
}

class Rollback extends Error {}

/** Waits for a condition the spec cannot be told of directly (a log-free way to see a reconnect). */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS / 2;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const plannerOf = (organization: string): Principal => ({ sub: `planner-${randomUUID()}`, role: 'planner', facilityIds: [], organization });
const credentialOf = (principal: Principal): AccessCredential => ({
  accountId: principal.sub,
  token: 'stand-in',
  version: 0,
  expiresAtMs: null,
});

describe('referral changes across instances (PostgreSQL LISTEN/NOTIFY)', () => {
  let a: Instance;
  let b: Instance;
  const streams: Subscription[] = [];

  async function startInstance(): Promise<Instance> {
    const moduleRef = await Test.createTestingModule({
      imports: [ReferralModule.forRoot(integrationConfig(ReferralConfig, SCHEMA, { DATABASE_POOL_SIZE: 4, ESCALATION_SWEEP_MS: 600_000 }))],
    })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      // Identity is not running here: it stands in, saying every account is active at token version 0.
      .overrideProvider(ACCESS_STATUS_SOURCE)
      .useValue({ statusOf: () => Promise.resolve({ active: true, tokenVersion: 0 }) } satisfies AccessStatusSource)
      .compile();
    // Compiled, not started, like the other specs' modules (no outbox relay, no sweeper): only the
    // listener is started, as the application's start would.
    await moduleRef.get(ReferralChangeListener).onModuleInit();
    return {
      moduleRef,
      dataSource: moduleRef.get(DataSource),
      updates: moduleRef.get(ReferralUpdates),
      listener: moduleRef.get(ReferralChangeListener),
      watch: moduleRef.get(WatchReferralHttpController),
    };
  }

  /**
   * A matched referral of the planner's, written through instance A in one transaction, with `count`
   * facilities in its matches; returned once B has heard of it, so that what a test sees next is its own doing.
   */
  async function matchedReferral(planner: Principal, count = 3): Promise<{ id: string; facilityIds: string[] }> {
    const id = randomUUID();
    const facilityIds = Array.from({ length: count }, () => randomUUID());
    const heard = signalsOf(b, id);
    await a.dataSource.transaction(async (manager) => {
      await manager.getRepository(ReferralEntity).insert({
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
        facilitiesConsidered: count,
        excludedByRule: {},
        nearbyExclusions: [],
        suggestions: [],
        version: 2,
        submittedBy: planner.sub,
        organization: planner.organization,
      });
      await manager.getRepository(ReferralMatchEntity).insert(facilityIds.map((facilityId, index) => matchRow(id, facilityId, index + 1)));
    });
    await until(() => heard.count > 0, 'B hears of the new referral');
    heard.stop();
    return { id, facilityIds };
  }

  const matchRow = (referralId: string, facilityId: string, rank: number) => ({
    referralId,
    rank,
    facilityId,
    facilityName: `Facility ${rank}`,
    levelOfCare: 'detox-residential' as const,
    city: 'Louisville',
    state: 'KY',
    distanceMiles: rank,
    bedsAvailable: 1,
    score: 1 - rank / 10,
    reasons: [],
  });

  /** Opens a live-update stream on the instance, collecting what it sends. */
  async function openStream(
    instance: Instance,
    referralId: string,
    principal: Principal,
  ): Promise<{ referrals: ReferralView[]; ended: boolean }> {
    const stream = { referrals: [] as ReferralView[], ended: false };
    const events = await instance.watch.watch(referralId, principal, credentialOf(principal));
    streams.push(
      events.subscribe({
        next: (event: MessageEvent) => stream.referrals.push(JSON.parse(event.data as string) as ReferralView),
        complete: () => (stream.ended = true),
      }),
    );
    await until(() => stream.referrals.length > 0, 'the stream sends the referral as it is');
    return stream;
  }

  /** Counts the change signals an instance gives for a referral. */
  function signalsOf(instance: Instance, referralId: string): { count: number; stop: () => void } {
    const signals = { count: 0, stop: () => undefined as void };
    signals.stop = instance.updates.subscribe(referralId, () => (signals.count += 1));
    return signals;
  }

  beforeAll(async () => {
    a = await startInstance();
    b = await startInstance();
  }, TIMEOUT_MS);

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.unsubscribe();
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await a?.moduleRef.close();
    await b?.moduleRef.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'shows a change committed by one instance on the streams of another, read there once for all of them',
    async () => {
      const planner = plannerOf(`Hospital ${randomUUID()}`);
      const colleague = plannerOf(planner.organization!);
      const referral = await matchedReferral(planner);
      const reads = jest.spyOn(b.moduleRef.get<ReferralRepository>(REFERRAL_REPOSITORY), 'findWithMatches');
      const mine = await openStream(b, referral.id, planner);
      const theirs = await openStream(b, referral.id, colleague);
      expect(reads).toHaveBeenCalledTimes(1);

      await a.moduleRef
        .get(SendReferralHandler)
        .execute(new SendReferralCommand(referral.id, referral.facilityIds.slice(0, 2), planner, new Date()));

      await until(() => mine.referrals.length === 2 && theirs.referrals.length === 2, 'both streams on B show the send made on A');
      for (const stream of [mine, theirs]) {
        expect(stream.referrals[1]!.tasks.map((task) => task.facilityId).sort()).toEqual(referral.facilityIds.slice(0, 2).sort());
      }
      // The send wrote two tasks and their transitions in one transaction: one notification, one read on B.
      expect(reads).toHaveBeenCalledTimes(2);
    },
    TIMEOUT_MS,
  );

  it(
    'announces a committed change once however many rows it wrote, and a rolled-back change never',
    async () => {
      const referral = await matchedReferral(plannerOf(`Hospital ${randomUUID()}`));
      const signals = signalsOf(b, referral.id);
      const unitOfWork = a.moduleRef.get(UnitOfWork);

      await expect(
        unitOfWork.run(async (tx) => {
          await entityManagerOf(tx).query(`UPDATE referrals SET match_status = 'no-match' WHERE id = $1`, [referral.id]);
          throw new Rollback('the bed line changed meanwhile');
        }),
      ).rejects.toBeInstanceOf(Rollback);
      await unitOfWork.run(async (tx) => {
        const manager = entityManagerOf(tx);
        await manager.query(`UPDATE referrals SET facilities_considered = 9 WHERE id = $1`, [referral.id]);
        await manager.delete(ReferralMatchEntity, { referralId: referral.id });
        await manager.insert(
          ReferralMatchEntity,
          [4, 5, 6].map((rank) => matchRow(referral.id, randomUUID(), rank)),
        );
      });

      // Notifications arrive in commit order: once the committed change is heard, a rolled-back one would have been too.
      await until(() => signals.count > 0, 'B hears the committed change');
      expect(signals.count).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'wakes a request waiting on one instance for an answer another instance records',
    async () => {
      const referral = await matchedReferral(plannerOf(`Hospital ${randomUUID()}`));
      await a.dataSource.query(`UPDATE referrals SET match_status = 'matching' WHERE id = $1`, [referral.id]);
      const waiting = b.moduleRef.get(AwaitReferralAnswerHandler).execute(AwaitReferralAnswerQuery.match(referral.id));
      await a.dataSource.query(`UPDATE referrals SET match_status = 'no-match' WHERE id = $1`, [referral.id]);
      const answer = await waiting;
      expect(answer.answered).toBe(true);
      expect(answer.referral.matchStatus).toBe('no-match');
    },
    TIMEOUT_MS,
  );

  it(
    'listens again after its connection is killed, and a change made meanwhile still reaches the open streams',
    async () => {
      const planner = plannerOf(`Hospital ${randomUUID()}`);
      const referral = await matchedReferral(planner);
      const stream = await openStream(b, referral.id, planner);
      const listenerSessions = `SELECT pid FROM pg_stat_activity WHERE application_name = $1`;
      const before: { pid: number }[] = await a.dataSource.query(listenerSessions, [`${SCHEMA.name}:referral-changes`]);
      expect(before).toHaveLength(2);

      // Both instances' listening sessions are killed, and a change commits right after, before they can be back.
      await a.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
        `${SCHEMA.name}:referral-changes`,
      ]);
      await a.dataSource.query(`UPDATE referrals SET facilities_considered = 7 WHERE id = $1`, [referral.id]);

      await until(() => stream.referrals.at(-1)?.facilitiesConsidered === 7, 'the stream on B shows the change made while it was down');
      await until(() => b.listener.listening && a.listener.listening, 'both instances listen again');
      const after: { pid: number }[] = await a.dataSource.query(listenerSessions, [`${SCHEMA.name}:referral-changes`]);
      expect(after.map((row) => row.pid).sort()).not.toEqual(before.map((row) => row.pid).sort());

      // And what commits now is heard over the new connection.
      await a.moduleRef
        .get(SendReferralHandler)
        .execute(new SendReferralCommand(referral.id, referral.facilityIds.slice(0, 1), planner, new Date()));
      await until(() => (stream.referrals.at(-1)?.tasks.length ?? 0) === 1, 'the stream on B shows the send made on A after the reconnect');
      expect(stream.ended).toBe(false);
    },
    TIMEOUT_MS,
  );
});

interface ReferralView {
  facilitiesConsidered: number;
  tasks: { facilityId: string }[];
}
