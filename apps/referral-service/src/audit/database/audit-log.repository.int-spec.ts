import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { Principal } from '#auth';
import { UnitOfWork } from '#persistence';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralModule } from '../../referral.module.js';
import { AuditLogRepository } from './audit-log.repository.js';

// Against the database `npm test` provides, in a schema of its own.
const SCHEMA = freshSchema('it_audit_chain');

const staff: Principal = { sub: 'staff-1', role: 'facility-staff', facilityIds: ['f-1'], organization: null };

describe('append-only, hash-chained audit log (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let audit: AuditLogRepository;
  let unitOfWork: UnitOfWork;

  const write = (detail: string): Promise<void> =>
    unitOfWork.run((tx) =>
      audit.record(tx, staff, { action: 'read-patient-details', outcome: 'denied', referralId: randomUUID(), facilityId: 'f-1', detail }),
    );

  /** What an intruder with the table owner's rights could do: switch the service's guards off for one statement. */
  async function aroundTheTriggers(sql: string): Promise<void> {
    await dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await manager.query(sql);
      await manager.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    });
  }

  beforeAll(async () => {
    // The service's own module, compiled but never started (see placement-analytics.int-spec.ts).
    moduleRef = await Test.createTestingModule({
      imports: [ReferralModule.forRoot(integrationConfig(ReferralConfig, SCHEMA, { DATABASE_POOL_SIZE: 6 }))],
    })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    dataSource = moduleRef.get(DataSource);
    audit = moduleRef.get(AuditLogRepository);
    unitOfWork = moduleRef.get(UnitOfWork);
  }, TIMEOUT_MS);

  beforeEach(() => aroundTheTriggers('TRUNCATE audit_log'), TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'chains entries written at the same moment into one unbroken sequence',
    async () => {
      await Promise.all(Array.from({ length: 20 }, (_, index) => write(`read ${index}`)));
      const report = await audit.verifyChain();
      expect(report).toMatchObject({ entries: 20, firstBroken: null });
      const rows: { chain_position: string; prev_hash: string; hash: string }[] = await dataSource.query(
        'SELECT chain_position, prev_hash, hash FROM audit_log ORDER BY chain_position',
      );
      expect(rows.map((row) => Number(row.chain_position))).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect(rows[0]!.prev_hash).toBe('');
      rows.slice(1).forEach((row, index) => expect(row.prev_hash).toBe(rows[index]!.hash));
      expect(report.headHash).toBe(rows.at(-1)!.hash);
    },
    TIMEOUT_MS,
  );

  it.each([
    ['UPDATE', "UPDATE audit_log SET outcome = 'allowed'"],
    ['DELETE', 'DELETE FROM audit_log'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
  ])(
    'refuses %s: the service can only append',
    async (operation, sql) => {
      await write('a denied read');
      await expect(dataSource.query(sql)).rejects.toThrow(`the audit log is append-only: ${operation} refused`);
      expect(await audit.verifyChain()).toMatchObject({ entries: 1, firstBroken: null });
    },
    TIMEOUT_MS,
  );

  it(
    'names the first entry edited around the guards',
    async () => {
      for (const detail of ['first', 'second', 'third']) await write(detail);
      await aroundTheTriggers("UPDATE audit_log SET outcome = 'allowed' WHERE chain_position = 2");
      expect(await audit.verifyChain()).toMatchObject({
        entries: 3,
        firstBroken: { position: '2', reason: 'its content no longer matches its hash' },
      });
    },
    TIMEOUT_MS,
  );

  it(
    'notices an entry removed from the middle',
    async () => {
      for (const detail of ['first', 'second', 'third']) await write(detail);
      await aroundTheTriggers('DELETE FROM audit_log WHERE chain_position = 2');
      expect(await audit.verifyChain()).toMatchObject({ entries: 2, firstBroken: { position: '3', reason: 'entry 2 is missing' } });
    },
    TIMEOUT_MS,
  );

  it(
    'keeps chaining after entries written before the chain existed',
    async () => {
      await write('before');
      const report = await audit.verifyChain();
      await write('after');
      const [newest] = (await dataSource.query('SELECT prev_hash FROM audit_log ORDER BY chain_position DESC LIMIT 1')) as {
        prev_hash: string;
      }[];
      expect(newest!.prev_hash).toBe(report.headHash);
      expect(await audit.verifyChain()).toMatchObject({ entries: 2, firstBroken: null });
    },
    TIMEOUT_MS,
  );
});
