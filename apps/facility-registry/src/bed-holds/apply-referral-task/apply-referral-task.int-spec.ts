import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { KafkaContext } from '@nestjs/microservices';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Topic, type BedHoldValue, type EventEnvelope, type ReferralTaskValue, type TaskStatus } from '#contracts';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { UpdateCapacityCommand } from '../../facilities/update-capacity/update-capacity.command.js';
import { UpdateCapacityHandler } from '../../facilities/update-capacity/update-capacity.handler.js';
import { RegistryConfig } from '../../registry.config.js';
import { RegistryModule } from '../../registry.module.js';
import { BedHoldEntity } from '../database/bed-hold.entity.js';
import { ExpireBedHoldsCommand } from '../expire-bed-holds/expire-bed-holds.command.js';
import { ExpireBedHoldsHandler } from '../expire-bed-holds/expire-bed-holds.handler.js';
import { ApplyReferralTaskCommand } from './apply-referral-task.command.js';
import { ApplyReferralTaskHandler } from './apply-referral-task.handler.js';
import { ApplyReferralTaskKafkaController } from './apply-referral-task.kafka.controller.js';

// Against the database `npm test` provides, in a schema of its own; the module is never initialised,
// so nothing reaches Kafka and the outbox rows are what is checked.
const SCHEMA = freshSchema('it_holds');
const LEVEL = 'detox-residential';
const HOLD_SECONDS = 600;

describe('bed holds (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let apply: ApplyReferralTaskHandler;
  let expire: ExpireBedHoldsHandler;
  let updateCapacity: UpdateCapacityHandler;
  let consumer: ApplyReferralTaskKafkaController;

  async function facilityWithBeds(available: number): Promise<string> {
    const [{ id }] = await dataSource.query(
      `INSERT INTO facilities (name, city, state, zip, latitude, longitude, levels_of_care, programs)
       VALUES ($1, 'Cheyenne', 'WY', '82001', 41.14, -104.82, $2, $3) RETURNING id`,
      [`Hold Test Center ${randomUUID().slice(0, 8)}`, [LEVEL], JSON.stringify([{ levelOfCare: LEVEL }])],
    );
    await dataSource.query(
      'INSERT INTO bed_counts (facility_id, level_of_care, bed_type, staffed, available, confirmed_at) VALUES ($1, $2, $3, 10, $4, now())',
      [id, LEVEL, 'general', available],
    );
    return id as string;
  }

  function taskEvent(facilityId: string, status: TaskStatus, sequence: number, ids = { taskId: randomUUID(), referralId: randomUUID() }) {
    const envelope: EventEnvelope<ReferralTaskValue> = {
      eventId: randomUUID(),
      type: Topic.ReferralTask,
      occurredAt: new Date().toISOString(),
      producer: 'referral-service',
      key: ids.referralId,
      sequence,
      payload: {
        ...ids,
        facilityId,
        status,
        statusReason: null,
        levelOfCare: LEVEL,
        patient: { gender: 'female', ageBand: '26-64' },
        changedAt: new Date().toISOString(),
      },
    };
    return envelope;
  }

  /** As the inbox applies it: the handler's own unit of work is the one transaction. */
  function applyInTransaction(event: EventEnvelope<ReferralTaskValue>, now = new Date()): Promise<void> {
    return apply.execute(new ApplyReferralTaskCommand(event, now));
  }

  async function beds(facilityId: string): Promise<{ available: number; held: number }> {
    const [row] = await dataSource.query('SELECT available, held FROM bed_counts WHERE facility_id = $1', [facilityId]);
    return row;
  }

  async function holdOf(taskId: string): Promise<BedHoldEntity | null> {
    return dataSource.getRepository(BedHoldEntity).findOneBy({ taskId });
  }

  async function holdEvents(referralId: string): Promise<BedHoldValue[]> {
    const rows: { envelope: EventEnvelope<BedHoldValue> }[] = await dataSource.query(
      'SELECT envelope FROM outbox WHERE topic = $1 AND message_key = $2 ORDER BY id',
      [Topic.BedHold, referralId],
    );
    return rows.map((row) => row.envelope.payload);
  }

  async function capacityEventCount(facilityId: string): Promise<number> {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM outbox WHERE topic = $1 AND message_key = $2', [
      Topic.FacilityCapacity,
      facilityId,
    ]);
    return count as number;
  }

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        RegistryModule.forRoot(
          integrationConfig(RegistryConfig, SCHEMA, {
            // Room for the racing transactions below.
            DATABASE_POOL_SIZE: 14,
            BED_HOLD_SECONDS: HOLD_SECONDS,
            BED_COUNT_STALE_HOURS: 24,
          }),
        ),
      ],
    })
      // The health check's indicator looks for TypeORM with require(), which this ESM runtime lacks.
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    dataSource = moduleRef.get(DataSource);
    apply = moduleRef.get(ApplyReferralTaskHandler);
    expire = moduleRef.get(ExpireBedHoldsHandler);
    updateCapacity = moduleRef.get(UpdateCapacityHandler);
    consumer = moduleRef.get(ApplyReferralTaskKafkaController);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'twelve referrals racing for the last bed: exactly one holds it, the others are refused',
    async () => {
      const facilityId = await facilityWithBeds(1);
      const events = Array.from({ length: 12 }, () => taskEvent(facilityId, 'requested', 1));
      const outcomes = await Promise.allSettled(events.map((event) => applyInTransaction(event)));
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);

      const holds = await Promise.all(events.map((event) => holdOf(event.payload.taskId)));
      expect(holds.filter((hold) => hold?.status === 'held')).toHaveLength(1);
      expect(holds.filter((hold) => hold?.status === 'refused')).toHaveLength(11);
      expect(await beds(facilityId)).toEqual({ available: 0, held: 1 });
      // One capacity change (the held bed); every referral hears its answer.
      expect(await capacityEventCount(facilityId)).toBe(1);
      for (const event of events) expect(await holdEvents(event.payload.referralId)).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    'two beds, many racers, and two facilities at once: never more holds than beds',
    async () => {
      const [small, large] = [await facilityWithBeds(2), await facilityWithBeds(3)];
      const events = [
        ...Array.from({ length: 6 }, () => taskEvent(small, 'requested', 1)),
        ...Array.from({ length: 6 }, () => taskEvent(large, 'requested', 1)),
      ];
      await Promise.all(events.map((event) => applyInTransaction(event)));
      expect(await beds(small)).toEqual({ available: 0, held: 2 });
      expect(await beds(large)).toEqual({ available: 0, held: 3 });
    },
    TIMEOUT_MS,
  );

  it(
    'acceptance keeps the bed for the patient; a cancellation gives it back; duplicates change nothing',
    async () => {
      const facilityId = await facilityWithBeds(2);
      const kept = { taskId: randomUUID(), referralId: randomUUID() };
      const dropped = { taskId: randomUUID(), referralId: kept.referralId };
      await applyInTransaction(taskEvent(facilityId, 'requested', 1, kept));
      await applyInTransaction(taskEvent(facilityId, 'requested', 1, dropped));
      expect(await beds(facilityId)).toEqual({ available: 0, held: 2 });

      await applyInTransaction(taskEvent(facilityId, 'accepted', 2, kept));
      await applyInTransaction(taskEvent(facilityId, 'cancelled', 2, dropped));
      expect(await beds(facilityId)).toEqual({ available: 1, held: 0 });
      expect((await holdOf(kept.taskId))?.status).toBe('converted');
      expect((await holdOf(dropped.taskId))?.status).toBe('released');

      // Redelivered and older events: no bed moves twice.
      await applyInTransaction(taskEvent(facilityId, 'accepted', 2, kept));
      await applyInTransaction(taskEvent(facilityId, 'cancelled', 2, dropped));
      await applyInTransaction(taskEvent(facilityId, 'requested', 1, dropped));
      expect(await beds(facilityId)).toEqual({ available: 1, held: 0 });
      expect((await holdEvents(kept.referralId)).map((event) => [event.taskId === kept.taskId ? 'kept' : 'dropped', event.status])).toEqual(
        [
          ['kept', 'held'],
          ['dropped', 'held'],
          ['kept', 'converted'],
          ['dropped', 'released'],
        ],
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a cancellation that overtakes its request: no bed is ever held',
    async () => {
      const facilityId = await facilityWithBeds(1);
      const ids = { taskId: randomUUID(), referralId: randomUUID() };
      await applyInTransaction(taskEvent(facilityId, 'cancelled', 2, ids));
      await applyInTransaction(taskEvent(facilityId, 'requested', 1, ids));
      expect(await beds(facilityId)).toEqual({ available: 1, held: 0 });
      expect((await holdOf(ids.taskId))?.status).toBe('released');
    },
    TIMEOUT_MS,
  );

  it(
    'a hold nobody answers expires once, even with two sweepers, and its bed returns',
    async () => {
      const facilityId = await facilityWithBeds(1);
      const ids = { taskId: randomUUID(), referralId: randomUUID() };
      const start = new Date();
      await applyInTransaction(taskEvent(facilityId, 'requested', 1, ids), start);
      expect((await holdOf(ids.taskId))?.expiresAt?.getTime()).toBe(start.getTime() + HOLD_SECONDS * 1000);

      // Holds left by earlier tests in this schema may fall due here, so the count is not asserted: this hold is.
      await expire.execute(new ExpireBedHoldsCommand(new Date(start.getTime() + (HOLD_SECONDS - 1) * 1000)));
      expect((await holdOf(ids.taskId))?.status).toBe('held');
      expect(await beds(facilityId)).toEqual({ available: 0, held: 1 });
      const later = new Date(start.getTime() + (HOLD_SECONDS + 1) * 1000);
      const [first, second] = await Promise.all([
        expire.execute(new ExpireBedHoldsCommand(later)),
        expire.execute(new ExpireBedHoldsCommand(later)),
      ]);
      expect(first + second).toBeGreaterThanOrEqual(1);
      expect(await beds(facilityId)).toEqual({ available: 1, held: 0 });
      expect((await holdOf(ids.taskId))?.status).toBe('expired');
      expect((await holdEvents(ids.referralId)).map((event) => event.status)).toEqual(['held', 'expired']);

      // The facility accepts after all: a free bed is taken for the patient.
      await applyInTransaction(taskEvent(facilityId, 'accepted', 2, ids));
      expect(await beds(facilityId)).toEqual({ available: 0, held: 0 });
      expect((await holdOf(ids.taskId))?.reason).toMatch(/after the hold had ended/);
    },
    TIMEOUT_MS,
  );

  it(
    'a bed count reported by staff keeps the held beds out of what matching may offer',
    async () => {
      const facilityId = await facilityWithBeds(2);
      await applyInTransaction(taskEvent(facilityId, 'requested', 1));
      expect(await beds(facilityId)).toEqual({ available: 1, held: 1 });

      const bed = {
        levelOfCare: LEVEL,
        bedType: 'general',
        staffed: 10,
        opening24h: 0,
        opening72h: 0,
        waitlist: false,
        typicalWaitDays: null,
      } as const;
      await updateCapacity.execute(new UpdateCapacityCommand(facilityId, [{ ...bed, available: 4 }], new Date()));
      expect(await beds(facilityId)).toEqual({ available: 3, held: 1 });
      // Staff now see no free bed at all: the held one is gone too, and nothing is handed back later.
      await updateCapacity.execute(new UpdateCapacityCommand(facilityId, [{ ...bed, available: 0 }], new Date()));
      expect(await beds(facilityId)).toEqual({ available: 0, held: 0 });
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a hold for an unknown facility or a patient no bed line fits, with the reason',
    async () => {
      const unknown = taskEvent(randomUUID(), 'requested', 1);
      await applyInTransaction(unknown);
      expect(await holdOf(unknown.payload.taskId)).toMatchObject({
        status: 'refused',
        reason: expect.stringMatching(/not in the registry/),
      });

      const facilityId = await facilityWithBeds(0);
      await dataSource.query(`UPDATE bed_counts SET bed_type = 'male', available = 3 WHERE facility_id = $1`, [facilityId]);
      const event = taskEvent(facilityId, 'requested', 1);
      await applyInTransaction(event);
      expect(await holdOf(event.payload.taskId)).toMatchObject({ status: 'refused', reason: `no ${LEVEL} bed line fits this patient` });
      expect(await beds(facilityId)).toEqual({ available: 3, held: 0 });
    },
    TIMEOUT_MS,
  );

  it(
    'a referral.task.v1 event still in the log after the upgrade holds the bed its exact age fits, once, through the inbox',
    async () => {
      const facilityId = await facilityWithBeds(0);
      await dataSource.query(`UPDATE bed_counts SET bed_type = 'male', available = 1 WHERE facility_id = $1`, [facilityId]);
      await dataSource.query(
        `INSERT INTO bed_counts (facility_id, level_of_care, bed_type, staffed, available, confirmed_at)
         VALUES ($1, $2, 'adolescent', 4, 1, now())`,
        [facilityId, LEVEL],
      );
      /** A task as referral-service wrote it on referral.task.v1, with the exact age, delivered to the registry's consumer. */
      const delivered = (ageYears: number, ids = { taskId: randomUUID(), referralId: randomUUID() }) => {
        const value = JSON.stringify({
          eventId: randomUUID(),
          type: Topic.ReferralTaskV1,
          occurredAt: new Date().toISOString(),
          producer: 'referral-service',
          key: ids.referralId,
          sequence: 1,
          payload: {
            ...ids,
            facilityId,
            status: 'requested',
            statusReason: null,
            levelOfCare: LEVEL,
            patient: { gender: 'male', ageYears },
            changedAt: new Date().toISOString(),
          },
        });
        const message = {
          key: Buffer.from(ids.referralId),
          value: Buffer.from(value),
          offset: '0',
          timestamp: '0',
          attributes: 0,
          headers: {},
        };
        return {
          ids,
          context: new KafkaContext([message, 0, Topic.ReferralTaskV1, undefined as never, async () => undefined, undefined as never]),
        };
      };
      const bedTypes = async (): Promise<Record<string, { available: number; held: number }>> => {
        const rows: { bed_type: string; available: number; held: number }[] = await dataSource.query(
          'SELECT bed_type, available, held FROM bed_counts WHERE facility_id = $1',
          [facilityId],
        );
        return Object.fromEntries(rows.map((row) => [row.bed_type, { available: row.available, held: row.held }]));
      };

      const teen = delivered(17);
      await consumer.onReferralTaskV1(teen.context);
      expect(await holdOf(teen.ids.taskId)).toMatchObject({ status: 'held', bedType: 'adolescent' });
      const adult = delivered(18);
      await consumer.onReferralTaskV1(adult.context);
      expect(await holdOf(adult.ids.taskId)).toMatchObject({ status: 'held', bedType: 'male' });
      // Delivered again, as Kafka may: the inbox knows the event, and no bed moves twice.
      await consumer.onReferralTaskV1(teen.context);
      expect(await bedTypes()).toEqual({ adolescent: { available: 0, held: 1 }, male: { available: 0, held: 1 } });
      expect((await holdEvents(teen.ids.referralId)).map((event) => event.status)).toEqual(['held']);
    },
    TIMEOUT_MS,
  );
});
