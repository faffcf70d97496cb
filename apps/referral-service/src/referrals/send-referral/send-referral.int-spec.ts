import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { MessageEvent } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ACCESS_STATUS_SOURCE, type AccessCredential, type AccessStatusSource, type Principal } from '#auth';
import { AWAITING_ANSWER_STATUSES } from '#contracts';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralModule } from '../../referral.module.js';
import { ReferralMatchEntity } from '../database/referral-match.entity.js';
import { ReferralTaskEntity } from '../database/referral-task.entity.js';
import { ReferralEntity } from '../database/referral.entity.js';
import { ReferralConflictError } from '../domain/referral-errors.js';
import { ReferralUpdates } from '../referral-updates.js';
import { WatchReferralHttpController } from '../watch-referral/watch-referral.http.controller.js';
import { SendReferralCommand } from './send-referral.command.js';
import { SendReferralHandler } from './send-referral.handler.js';

// Against the database `npm test` provides, in a schema of its own; the outbox relay never runs.
const SCHEMA = freshSchema('it_caps');
const PER_REFERRAL = 3;
const PER_ORGANIZATION = 4;
const STREAMS = 2;

const plannerOf = (organization: string | null): Principal => ({
  sub: `planner-${randomUUID()}`,
  role: 'planner',
  facilityIds: [],
  organization,
});

describe('caps on open tasks and streams (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let send: SendReferralHandler;
  let watch: WatchReferralHttpController;
  let updates: ReferralUpdates;

  /** A matched referral of the planner's with `count` facilities in its matches. */
  async function matchedReferral(planner: Principal, count = 4): Promise<{ id: string; facilityIds: string[] }> {
    const id = randomUUID();
    const facilityIds = Array.from({ length: count }, () => randomUUID());
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
      facilitiesConsidered: count,
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

  /** Tasks awaiting an answer across the given referrals. */
  async function openTasksOf(referralIds: string[]): Promise<ReferralTaskEntity[]> {
    const tasks = await dataSource.getRepository(ReferralTaskEntity).find({ where: referralIds.map((referralId) => ({ referralId })) });
    return tasks.filter((task) => AWAITING_ANSWER_STATUSES.includes(task.status));
  }

  const sending = (referral: { id: string }, facilityIds: string[], planner: Principal) =>
    send.execute(new SendReferralCommand(referral.id, facilityIds, planner, new Date()));

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ReferralModule.forRoot(
          integrationConfig(ReferralConfig, SCHEMA, {
            DATABASE_POOL_SIZE: 10,
            MAX_OPEN_TASKS_PER_REFERRAL: PER_REFERRAL,
            MAX_OPEN_TASKS_PER_ORGANIZATION: PER_ORGANIZATION,
            MAX_STREAMS_PER_ACCOUNT: STREAMS,
          }),
        ),
      ],
    })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      // Identity is not running here: it stands in, saying every account is active at token version 0.
      .overrideProvider(ACCESS_STATUS_SOURCE)
      .useValue({ statusOf: () => Promise.resolve({ active: true, tokenVersion: 0 }) } satisfies AccessStatusSource)
      .compile();
    dataSource = moduleRef.get(DataSource);
    send = moduleRef.get(SendReferralHandler);
    watch = moduleRef.get(WatchReferralHttpController);
    updates = moduleRef.get(ReferralUpdates);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'refuses a referral more facilities than its cap, counting the ones already holding a bed, and adds none',
    async () => {
      const planner = plannerOf(`Hospital ${randomUUID()}`);
      const referral = await matchedReferral(planner);
      await sending(referral, referral.facilityIds.slice(0, 2), planner);

      const refused = sending(referral, referral.facilityIds.slice(2, 4), planner);
      await expect(refused).rejects.toThrow(ReferralConflictError);
      await expect(refused).rejects.toThrow(
        'this referral already has 2 facilities holding a bed and may have at most 3; ' +
          'send to at most 1 more, or wait for answers or cancel one',
      );
      expect(await openTasksOf([referral.id])).toHaveLength(2);

      // Sending again to a facility that holds a bed adds nothing, so it is not refused; one more fits.
      await sending(referral, [referral.facilityIds[0]!, referral.facilityIds[2]!], planner);
      expect(await openTasksOf([referral.id])).toHaveLength(3);
      await expect(sending(referral, [referral.facilityIds[3]!], planner)).rejects.toThrow(
        'this referral already has 3 facilities holding a bed; wait for answers or cancel one',
      );
    },
    TIMEOUT_MS,
  );

  it(
    'two concurrent sends in one organisation never take it past its cap: one goes through, the other is refused',
    async () => {
      const organization = `Hospital ${randomUUID()}`;
      const first = plannerOf(organization);
      const second = plannerOf(organization);
      const [a, b, c] = await Promise.all([matchedReferral(first), matchedReferral(first), matchedReferral(second)]);
      await sending(a!, a!.facilityIds.slice(0, 2), first);

      const outcomes = await Promise.allSettled([
        sending(b!, b!.facilityIds.slice(0, 2), first),
        sending(c!, c!.facilityIds.slice(0, 2), second),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(ReferralConflictError);
      expect((refused?.reason as Error).message).toBe(
        `your organisation already has ${PER_ORGANIZATION} facilities holding a bed across its referrals, the most allowed at once; ` +
          'wait for answers or cancel some',
      );
      expect(await openTasksOf([a!.id, b!.id, c!.id])).toHaveLength(PER_ORGANIZATION);
    },
    TIMEOUT_MS,
  );

  it(
    'many concurrent sends of one facility each fill the organisation exactly to its cap',
    async () => {
      const organization = `Hospital ${randomUUID()}`;
      const planners = Array.from({ length: 7 }, () => plannerOf(organization));
      const referrals = await Promise.all(planners.map((planner) => matchedReferral(planner, 1)));
      const outcomes = await Promise.allSettled(
        referrals.map((referral, index) => sending(referral, referral.facilityIds, planners[index]!)),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(PER_ORGANIZATION);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ReferralConflictError);
      }
      expect(await openTasksOf(referrals.map((referral) => referral.id))).toHaveLength(PER_ORGANIZATION);
    },
    TIMEOUT_MS,
  );

  it(
    "counts the submitting account's referrals when they have no organisation, and other organisations not at all",
    async () => {
      const solo = plannerOf(null);
      const [a, b] = await Promise.all([matchedReferral(solo), matchedReferral(solo)]);
      await sending(a!, a!.facilityIds.slice(0, 3), solo);
      await expect(sending(b!, b!.facilityIds.slice(0, 2), solo)).rejects.toThrow(
        /^your account already has 3 facilities holding a bed across its referrals and may have at most 4; send to at most 1 more/,
      );
      await sending(b!, b!.facilityIds.slice(0, 1), solo);

      // Another account, with no organisation either, has a cap of its own.
      const other = plannerOf(null);
      const c = await matchedReferral(other);
      await sending(c, c.facilityIds.slice(0, 3), other);
      expect(await openTasksOf([c.id])).toHaveLength(3);
    },
    TIMEOUT_MS,
  );

  describe('live-update streams', () => {
    it(
      'ends every open stream when the service shuts down',
      async () => {
        const planner = plannerOf(`Hospital ${randomUUID()}`);
        const referral = await matchedReferral(planner);
        const credential: AccessCredential = { accountId: planner.sub, token: 'stand-in', version: 0, expiresAtMs: null };
        const stream = await watch.watch(referral.id, planner, credential);
        const events: MessageEvent[] = [];
        const ended = new Promise<void>((resolve) => stream.subscribe({ next: (event) => events.push(event), complete: resolve }));
        await new Promise((resolve) => setTimeout(resolve, 200));
        updates.beforeApplicationShutdown();
        await ended;
        expect(events.map((event) => event.type)).toEqual(['referral']);
      },
      TIMEOUT_MS,
    );
  });
});
