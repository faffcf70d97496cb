import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ACCESS_STATUS_SOURCE, TOKEN_KEYS, type AccessStatusSource } from '#auth';
import { EventEnvelope, Topic, type FacilityCapacityReportValue } from '#contracts';
import { RejectedEventError } from '#messaging';
import { anotherKey, signHs256Token, signTestToken, testKeySet, testTokenKeys } from '../../../../../test/support/access-tokens.js';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { RegistryConfig } from '../../registry.config.js';
import { RegistryModule } from '../../registry.module.js';
import { RecordCapacityReportCommand } from './record-capacity-report.command.js';
import { RecordCapacityReportHandler } from './record-capacity-report.handler.js';

// The registry as it runs, in a schema of its own; identity does not run here, so the registry trusts
// identity's test key set (without HTTP) and hears that every account is active. Nothing reaches Kafka.
const SCHEMA = freshSchema('it_capacity_report');
const LEVEL = 'detox-residential';

describe('a capacity report on Kafka proves its sender with a token identity signed for the registry (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let handler: RecordCapacityReportHandler;

  async function insertFacility(): Promise<string> {
    const [{ id }] = await dataSource.query(
      `INSERT INTO facilities (name, city, state, zip, latitude, longitude, levels_of_care, programs)
       VALUES ($1, 'Springfield', 'IL', '62701', 39.7817, -89.6501, $2, $3) RETURNING id`,
      [`Integration Report Center ${randomUUID().slice(0, 8)}`, [LEVEL], JSON.stringify([{ levelOfCare: LEVEL }])],
    );
    return id as string;
  }

  /** A report of `available` beds, as a facility's system publishes it, with `token` from its authorization header. */
  function report(facilityId: string, token: string, available: number): RecordCapacityReportCommand {
    const reportedAt = new Date().toISOString();
    const payload: FacilityCapacityReportValue = { facilityId, reportedAt, beds: [{ levelOfCare: LEVEL, staffed: 9, available }] };
    const envelope = Object.assign(new EventEnvelope<FacilityCapacityReportValue>(), {
      eventId: randomUUID(),
      type: Topic.FacilityCapacityReport,
      occurredAt: reportedAt,
      producer: 'it-bed-board',
      key: facilityId,
      sequence: 1,
      payload,
    });
    return new RecordCapacityReportCommand(envelope, token);
  }

  const bedsOf = async (facilityId: string) =>
    dataSource.query('SELECT available, staffed FROM bed_counts WHERE facility_id = $1 AND level_of_care = $2', [facilityId, LEVEL]);

  const systemOf = (facilityId: string) => ({ sub: randomUUID(), role: 'system', facilityIds: [facilityId], organization: null, ver: 0 });

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [RegistryModule.forRoot(integrationConfig(RegistryConfig, SCHEMA, { DATABASE_POOL_SIZE: 4 }))],
    })
      // The health check's indicator looks for TypeORM with require(), which this ESM runtime lacks.
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .overrideProvider(TOKEN_KEYS)
      .useValue(testTokenKeys())
      .overrideProvider(ACCESS_STATUS_SOURCE)
      .useValue({ statusOf: () => Promise.resolve({ active: true, tokenVersion: 0 }) } satisfies AccessStatusSource)
      .compile();
    dataSource = moduleRef.get(DataSource);
    handler = moduleRef.get(RecordCapacityReportHandler);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'applies a report whose token identity signed for the registry, with the system account as the change’s author',
    async () => {
      const facilityId = await insertFacility();
      const system = systemOf(facilityId);
      const token = await signTestToken(system, { audience: ['identity', 'facility-registry'] });
      await handler.execute(report(facilityId, token, 4));
      expect(await bedsOf(facilityId)).toEqual([{ available: 4, staffed: 9 }]);
      const authors = await dataSource.query('SELECT changed_by FROM facility_changes WHERE facility_id = $1', [facilityId]);
      expect(authors).toEqual([{ changed_by: system.sub }]);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses, changing nothing, a report signed with another key, with HS256, or with a token meant for another service',
    async () => {
      const facilityId = await insertFacility();
      const system = systemOf(facilityId);
      await handler.execute(report(facilityId, await signTestToken(system, { audience: ['identity', 'facility-registry'] }), 2));
      const forged = [
        await signTestToken(system, { audience: ['identity', 'facility-registry'], key: anotherKey() }),
        await signHs256Token(system, JSON.stringify(testKeySet().keys[0])),
        await signTestToken(system, { audience: ['identity', 'referral-service'] }),
      ];
      for (const token of forged) {
        const refused = await handler.execute(report(facilityId, token, 7)).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(RejectedEventError);
        expect((refused as Error).message).toMatch(/access token is not valid/);
        expect((refused as Error).message).not.toContain(token);
      }
      expect(await bedsOf(facilityId)).toEqual([{ available: 2, staffed: 9 }]);
    },
    TIMEOUT_MS,
  );
});
