import 'reflect-metadata';
import { jest } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { freshSchema, TIMEOUT_MS } from '../../../../test/support/integration.js';
import { serviceDatabaseModule } from '../service-database.module.js';
import { entityManagerOf } from './transaction.js';
import { UnitOfWork } from './unit-of-work.js';

const SCHEMA = freshSchema('it_unit_of_work');

class CreateNotesTable1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notes');
  }
}

class Rollback extends Error {}

describe('unit of work (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;

  const notes = async (): Promise<string[]> =>
    (await dataSource.query('SELECT text FROM notes ORDER BY id')).map((row: { text: string }) => row.text);

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        serviceDatabaseModule({
          databaseUrl: SCHEMA.databaseUrl,
          schema: SCHEMA.name,
          entities: [],
          migrations: [CreateNotesTable1700000000000],
          poolSize: 4,
        }),
      ],
    }).compile();
    dataSource = moduleRef.get(DataSource);
    unitOfWork = moduleRef.get(UnitOfWork);
  }, TIMEOUT_MS);

  beforeEach(async () => {
    await dataSource.query('TRUNCATE notes');
  });

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'commits the work, then runs what it asked for after commit, once, when the rows are visible to others',
    async () => {
      const seenAfterCommit: string[][] = [];
      const wake = jest.fn(() => void notes().then((rows) => seenAfterCommit.push(rows)));
      const result = await unitOfWork.run(async (tx) => {
        await entityManagerOf(tx).query("INSERT INTO notes (text) VALUES ('admitted')");
        tx.afterCommit(wake);
        tx.afterCommit(wake);
        return 'done';
      });
      expect(result).toBe('done');
      expect(wake).toHaveBeenCalledTimes(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seenAfterCommit).toEqual([['admitted']]);
    },
    TIMEOUT_MS,
  );

  it(
    'rolls back everything on an error and never runs the after-commit work',
    async () => {
      const wake = jest.fn();
      await expect(
        unitOfWork.run(async (tx) => {
          await entityManagerOf(tx).query("INSERT INTO notes (text) VALUES ('half-written')");
          tx.afterCommit(wake);
          throw new Rollback('the bed line changed meanwhile');
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await notes()).toEqual([]);
      expect(wake).not.toHaveBeenCalled();
    },
    TIMEOUT_MS,
  );

  it(
    'joins an open transaction: an inner run commits or rolls back with the outer one',
    async () => {
      const wake = jest.fn();
      await expect(
        unitOfWork.run(async (outer) => {
          await unitOfWork.run(async (inner) => {
            expect(inner).toBe(outer);
            await entityManagerOf(inner).query("INSERT INTO notes (text) VALUES ('inner')");
            inner.afterCommit(wake);
          });
          // The inner run returned without committing: nothing has been woken yet.
          expect(wake).not.toHaveBeenCalled();
          throw new Rollback('outer work failed');
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await notes()).toEqual([]);
      expect(wake).not.toHaveBeenCalled();

      await unitOfWork.run(async () =>
        unitOfWork.run(async (tx) => entityManagerOf(tx).query("INSERT INTO notes (text) VALUES ('nested')")),
      );
      expect(await notes()).toEqual(['nested']);
    },
    TIMEOUT_MS,
  );

  it(
    'keeps concurrent runs in transactions of their own',
    async () => {
      const outcomes = await Promise.allSettled(
        ['first', 'second', 'third'].map((text) =>
          unitOfWork.run(async (tx) => {
            await entityManagerOf(tx).query('INSERT INTO notes (text) VALUES ($1)', [text]);
            await new Promise((resolve) => setTimeout(resolve, 20));
            if (text === 'second') throw new Rollback(text);
          }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await notes()).sort()).toEqual(['first', 'third']);
    },
    TIMEOUT_MS,
  );

  it(
    'runs at the isolation level asked for',
    async () => {
      const level = await unitOfWork.run(
        async (tx) => (await entityManagerOf(tx).query('SHOW transaction_isolation'))[0].transaction_isolation,
        { isolation: 'REPEATABLE READ' },
      );
      expect(level).toBe('repeatable read');
    },
    TIMEOUT_MS,
  );
});
