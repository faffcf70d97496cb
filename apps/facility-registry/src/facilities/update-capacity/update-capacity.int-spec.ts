import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import {
  decodeEvent,
  Topic,
  type BedCountValue,
  type BedType,
  type EventEnvelope,
  type FacilityCapacityValue,
  type LevelOfCare,
} from '#contracts';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { RegistryConfig, REGISTRY_SERVICE_NAME } from '../../registry.config.js';
import { RegistryModule } from '../../registry.module.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import type { BedLine } from '../domain/facility-rules.js';
import { UpdateCapacityCommand } from './update-capacity.command.js';
import { UpdateCapacityHandler } from './update-capacity.handler.js';

// Runs against the database `npm test` provides, next to the running registry: this spec keeps to a
// schema of its own. The module is never initialised, so the outbox relay does not run and nothing
// reaches Kafka; the outbox rows are what is checked.
const SCHEMA = freshSchema('it_registry');

type BedUpdate = Pick<BedLine, 'levelOfCare' | 'staffed' | 'available'> & Partial<BedLine>;

/** A full bed line as the HTTP layer hands it over: defaults for what the caller left out. */
function line(bed: BedUpdate): BedLine {
  return { bedType: 'general', opening24h: 0, opening72h: 0, waitlist: false, typicalWaitDays: null, ...bed };
}

function lines(beds: BedUpdate[]): BedLine[] {
  return beds.map(line);
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: EventEnvelope<FacilityCapacityValue>;
}

interface BedRow {
  level_of_care: string;
  bed_type: string;
  staffed: number;
  available: number;
  confirmed_at: Date;
}

describe('UpdateCapacityHandler (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let handler: UpdateCapacityHandler;

  /** Inserts a facility straight into the table, with optional bed counts already on record. */
  async function insertFacility(levelsOfCare: LevelOfCare[], beds: (BedUpdate & { confirmedAt: Date })[] = []): Promise<string> {
    const [{ id }] = await dataSource.query(
      `INSERT INTO facilities (name, city, state, zip, latitude, longitude, levels_of_care, programs)
       VALUES ($1, 'Springfield', 'IL', '62701', 39.7817, -89.6501, $2, $3) RETURNING id`,
      [
        `Integration Recovery Center ${randomUUID().slice(0, 8)}`,
        levelsOfCare,
        JSON.stringify(levelsOfCare.map((levelOfCare) => ({ levelOfCare }))),
      ],
    );
    for (const bed of beds) {
      await dataSource.query(
        'INSERT INTO bed_counts (facility_id, level_of_care, staffed, available, confirmed_at) VALUES ($1, $2, $3, $4, $5)',
        [id, bed.levelOfCare, bed.staffed, bed.available, bed.confirmedAt],
      );
    }
    return id as string;
  }

  async function bedRows(facilityId: string): Promise<BedRow[]> {
    return dataSource.query(
      'SELECT level_of_care, bed_type, staffed, available, confirmed_at FROM bed_counts ' +
        'WHERE facility_id = $1 ORDER BY level_of_care, bed_type',
      [facilityId],
    );
  }

  async function outboxRows(facilityId: string): Promise<OutboxRow[]> {
    return dataSource.query('SELECT id, topic, message_key, envelope FROM outbox WHERE message_key = $1 ORDER BY id', [facilityId]);
  }

  async function capacityVersion(facilityId: string): Promise<number> {
    const [{ capacity_version }] = await dataSource.query('SELECT capacity_version FROM facilities WHERE id = $1', [facilityId]);
    return capacity_version as number;
  }

  async function historyRows(
    facilityId: string,
  ): Promise<{ aspect: string; sequence: number; previous: unknown; current: unknown; changed_by: string }[]> {
    return dataSource.query(
      'SELECT aspect, sequence, previous, current, changed_by FROM facility_changes WHERE facility_id = $1 ORDER BY id',
      [facilityId],
    );
  }

  function bedValue(
    levelOfCare: LevelOfCare,
    staffed: number,
    available: number,
    confirmedAt: Date,
    bedType: BedType = 'general',
  ): BedCountValue {
    return {
      levelOfCare,
      bedType,
      staffed,
      available,
      opening24h: 0,
      opening72h: 0,
      waitlist: false,
      typicalWaitDays: null,
      confirmedAt: confirmedAt.toISOString(),
    };
  }

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        // Room for the ten concurrent updates below plus the test's own queries.
        RegistryModule.forRoot(integrationConfig(RegistryConfig, SCHEMA, { DATABASE_POOL_SIZE: 12 })),
      ],
    })
      // The health check's indicator looks for TypeORM with require(), which this ESM runtime lacks.
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    dataSource = moduleRef.get(DataSource);
    handler = moduleRef.get(UpdateCapacityHandler);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'writes the bed counts, one history entry and exactly one facility.capacity.v2 event with the new and previous beds',
    async () => {
      const earlier = new Date('2026-01-05T08:00:00.000Z');
      const facilityId = await insertFacility(
        ['outpatient', 'intensive-outpatient', 'residential-short-term'],
        [{ levelOfCare: 'outpatient', staffed: 10, available: 4, confirmedAt: earlier }],
      );
      const confirmedAt = new Date('2026-01-06T09:30:00.000Z');

      const beds = await handler.execute(
        new UpdateCapacityCommand(
          facilityId,
          lines([
            { levelOfCare: 'outpatient', staffed: 10, available: 2 },
            { levelOfCare: 'intensive-outpatient', staffed: 6, available: 6 },
          ]),
          confirmedAt,
        ),
      );

      // The whole inventory comes back, not only the levels in the command.
      expect(beds.map((bed) => [bed.levelOfCare, bed.staffed, bed.available])).toEqual([
        ['intensive-outpatient', 6, 6],
        ['outpatient', 10, 2],
      ]);
      expect(await bedRows(facilityId)).toEqual([
        { level_of_care: 'intensive-outpatient', bed_type: 'general', staffed: 6, available: 6, confirmed_at: confirmedAt },
        { level_of_care: 'outpatient', bed_type: 'general', staffed: 10, available: 2, confirmed_at: confirmedAt },
      ]);

      const rows = await outboxRows(facilityId);
      expect(rows).toHaveLength(1);
      const [{ topic, envelope }] = rows as [OutboxRow];
      expect(topic).toBe(Topic.FacilityCapacity);
      expect(await capacityVersion(facilityId)).toBe(1);
      expect(envelope).toMatchObject({ type: Topic.FacilityCapacity, producer: REGISTRY_SERVICE_NAME, key: facilityId, sequence: 1 });
      expect(envelope.payload).toEqual({
        facilityId,
        beds: [bedValue('intensive-outpatient', 6, 6, confirmedAt), bedValue('outpatient', 10, 2, confirmedAt)],
        previousBeds: [bedValue('outpatient', 10, 4, earlier)],
      });
      // What the registry writes, its consumers accept.
      expect(decodeEvent(Topic.FacilityCapacity, facilityId, JSON.stringify(envelope)).ok).toBe(true);
      // The history keeps the same change, with the value before and after.
      expect(await historyRows(facilityId)).toEqual([
        { aspect: 'capacity', sequence: 1, previous: envelope.payload.previousBeds, current: envelope.payload.beds, changed_by: 'api' },
      ]);

      // The next change is the next sequence, and its previous beds are this change's beds.
      const later = new Date('2026-01-07T10:00:00.000Z');
      await handler.execute(
        new UpdateCapacityCommand(facilityId, lines([{ levelOfCare: 'outpatient', staffed: 10, available: 0 }]), later),
      );
      const [, second] = await outboxRows(facilityId);
      expect(second!.envelope.sequence).toBe(2);
      expect(await capacityVersion(facilityId)).toBe(2);
      expect(second!.envelope.payload.previousBeds).toEqual(envelope.payload.beds);
      expect(second!.envelope.payload.beds).toEqual([
        bedValue('intensive-outpatient', 6, 6, confirmedAt),
        bedValue('outpatient', 10, 0, later),
      ]);
      expect((await historyRows(facilityId)).map((row) => row.sequence)).toEqual([1, 2]);
    },
    TIMEOUT_MS,
  );

  it(
    'keeps one line per bed type, with openings, waitlist and who confirmed them',
    async () => {
      const facilityId = await insertFacility(['detox-residential']);
      const confirmedAt = new Date('2026-02-01T07:00:00.000Z');

      await handler.execute(
        new UpdateCapacityCommand(
          facilityId,
          lines([
            { levelOfCare: 'detox-residential', bedType: 'male', staffed: 12, available: 3, opening24h: 1, opening72h: 2 },
            { levelOfCare: 'detox-residential', bedType: 'female', staffed: 8, available: 0, waitlist: true, typicalWaitDays: 4 },
          ]),
          confirmedAt,
          'staff:night-nurse',
        ),
      );

      const [row] = await outboxRows(facilityId);
      expect(row!.envelope.payload.beds).toEqual([
        { ...bedValue('detox-residential', 8, 0, confirmedAt, 'female'), waitlist: true, typicalWaitDays: 4 },
        { ...bedValue('detox-residential', 12, 3, confirmedAt, 'male'), opening24h: 1, opening72h: 2 },
      ]);
      const [history] = await historyRows(facilityId);
      expect(history).toMatchObject({ aspect: 'capacity', sequence: 1, changed_by: 'staff:night-nurse' });
    },
    TIMEOUT_MS,
  );

  describe('refuses an invalid update and changes nothing', () => {
    const cases: { name: string; beds: BedUpdate[]; field: string; reason: RegExp }[] = [
      {
        name: 'more beds available than staffed',
        beds: [{ levelOfCare: 'outpatient', staffed: 5, available: 6 }],
        field: 'beds.0.available',
        reason: /must not exceed staffed \(5\)/,
      },
      {
        name: 'a level of care the facility does not offer',
        beds: [
          { levelOfCare: 'outpatient', staffed: 8, available: 1 },
          { levelOfCare: 'detox-hospital', staffed: 4, available: 2 },
        ],
        field: 'beds.1.levelOfCare',
        reason: /facility does not offer detox-hospital; it offers outpatient, residential-long-term/,
      },
      {
        name: 'a line (level of care and bed type) listed twice',
        beds: [
          { levelOfCare: 'outpatient', staffed: 8, available: 1 },
          { levelOfCare: 'residential-long-term', staffed: 20, available: 5 },
          { levelOfCare: 'outpatient', staffed: 8, available: 3 },
        ],
        field: 'beds.2.bedType',
        reason: /general beds in outpatient are listed twice/,
      },
      {
        name: 'more beds opening within 24 h than within 72 h',
        beds: [{ levelOfCare: 'outpatient', staffed: 8, available: 1, opening24h: 3, opening72h: 2 }],
        field: 'beds.0.opening24h',
        reason: /must not exceed opening72h \(2\)/,
      },
      {
        name: 'a typical wait without a waitlist',
        beds: [{ levelOfCare: 'outpatient', staffed: 8, available: 0, typicalWaitDays: 3 }],
        field: 'beds.0.typicalWaitDays',
        reason: /needs waitlist: true/,
      },
    ];

    it.each(cases)(
      '$name',
      async ({ beds, field, reason }) => {
        const facilityId = await insertFacility(
          ['outpatient', 'residential-long-term'],
          [{ levelOfCare: 'outpatient', staffed: 8, available: 4, confirmedAt: new Date('2026-01-05T08:00:00.000Z') }],
        );
        const residential: BedUpdate = { levelOfCare: 'residential-long-term', staffed: 20, available: 9 };
        await handler.execute(new UpdateCapacityCommand(facilityId, [line(residential)], new Date()));
        const bedsBefore = await bedRows(facilityId);
        const outboxBefore = await outboxRows(facilityId);
        const historyBefore = await historyRows(facilityId);

        const error = await handler
          .execute(new UpdateCapacityCommand(facilityId, lines(beds), new Date()))
          .catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(InvalidFacilityUpdateError);
        const invalid = error as InvalidFacilityUpdateError;
        expect(invalid.field).toBe(field);
        expect(invalid.problems).toHaveLength(1);
        expect(invalid.problems[0]!.field).toBe(field);
        expect(invalid.problems[0]!.reason).toMatch(reason);
        expect(invalid.message).toBe(`${field}: ${invalid.problems[0]!.reason}`);
        expect(await bedRows(facilityId)).toEqual(bedsBefore);
        expect(await outboxRows(facilityId)).toEqual(outboxBefore);
        expect(await historyRows(facilityId)).toEqual(historyBefore);
        expect(await capacityVersion(facilityId)).toBe(1);
      },
      TIMEOUT_MS,
    );
  });

  it(
    'reports an unknown facility and writes nothing',
    async () => {
      const facilityId = randomUUID();

      const error = await handler
        .execute(new UpdateCapacityCommand(facilityId, lines([{ levelOfCare: 'outpatient', staffed: 3, available: 1 }]), new Date()))
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(FacilityNotFoundError);
      expect((error as FacilityNotFoundError).facilityId).toBe(facilityId);
      expect(await outboxRows(facilityId)).toEqual([]);
      expect(await bedRows(facilityId)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'serialises concurrent updates of one facility: sequences 1..10, each event continuing the last',
    async () => {
      const facilityId = await insertFacility(['residential-short-term']);

      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) =>
          handler.execute(
            new UpdateCapacityCommand(
              facilityId,
              lines([{ levelOfCare: 'residential-short-term', staffed: 10, available: index }]),
              new Date(),
            ),
          ),
        ),
      );

      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      const rows = await outboxRows(facilityId);
      const sequences = rows.map((row) => row.envelope.sequence);
      // Outbox ids are assigned under the row lock, so the relay's id order is the sequence order.
      expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await capacityVersion(facilityId)).toBe(10);
      expect(new Set(rows.map((row) => row.envelope.eventId)).size).toBe(10);
      expect(rows[0]!.envelope.payload.previousBeds).toEqual([]);
      for (let index = 1; index < rows.length; index += 1) {
        expect(rows[index]!.envelope.payload.previousBeds).toEqual(rows[index - 1]!.envelope.payload.beds);
      }
      const availableInEvents = rows.map((row) => row.envelope.payload.beds[0]!.available);
      expect([...availableInEvents].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const [current] = await bedRows(facilityId);
      expect(current!.available).toBe(availableInEvents[9]);
    },
    TIMEOUT_MS,
  );
});
