import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { TASK_STATUSES, type LevelOfCare, type PatientPayer, type TaskStatus } from '#contracts';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralModule } from '../../referral.module.js';
import type { MatchStatus } from '../domain/match-status.js';
import { REFERRAL_OUTCOMES, referralOutcome } from '../domain/referral-outcome.js';
import { placementCsv } from '../placement-export/placement-csv.js';
import {
  PLACEMENT_ANALYTICS_REPOSITORY,
  type PlacementAnalyticsRepository,
  type PlacementExportRow,
  type PlacementFilter,
} from './placement-analytics.repository.port.js';
import { ReferralMatchEntity } from './referral-match.entity.js';
import { ReferralTaskEntity } from './referral-task.entity.js';
import { ReferralEntity } from './referral.entity.js';
import { TaskTransitionEntity } from './task-transition.entity.js';

// Against the database `npm test` provides, in a schema of its own. Each test writes its referrals
// into a year of its own and reads only that year, so the tests do not see each other's data.
const SCHEMA = freshSchema('it_placements');
const MINUTE = 60_000;

const yearOf = (year: number): { from: Date; to: Date } => ({
  from: new Date(Date.UTC(year, 0, 1)),
  to: new Date(Date.UTC(year + 1, 0, 1)),
});

interface TaskPlan {
  readonly facilityId: string;
  /** Statuses the task went through, each with the minutes after submission; the last is its status. */
  readonly path: readonly (readonly [TaskStatus, number])[];
  readonly reason?: string;
}

interface ReferralPlan {
  readonly submittedAt: Date;
  readonly matchStatus?: MatchStatus;
  readonly levelOfCare?: LevelOfCare;
  readonly payer?: PatientPayer;
  readonly state?: string | null;
  readonly matches?: readonly string[];
  readonly tasks?: readonly TaskPlan[];
}

describe('placement history, export and figures (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let placements: PlacementAnalyticsRepository;

  /** Stores referrals with their matches, tasks and every transition; returns their ids in order. */
  async function store(plans: readonly ReferralPlan[]): Promise<string[]> {
    const referrals: Partial<ReferralEntity>[] = [];
    const matches: Partial<ReferralMatchEntity>[] = [];
    const tasks: Partial<ReferralTaskEntity>[] = [];
    const transitions: Partial<TaskTransitionEntity>[] = [];
    for (const plan of plans) {
      const id = randomUUID();
      const matchStatus = plan.matchStatus ?? 'matched';
      referrals.push({
        id,
        matchStatus,
        levelOfCare: plan.levelOfCare ?? 'detox-residential',
        payer: plan.payer ?? 'medicaid',
        originZip: '82190',
        originState: plan.state === undefined ? 'WY' : plan.state,
        originLatitude: 44.6,
        originLongitude: -110.5,
        maxDistanceMiles: 10,
        gender: 'female',
        ageYears: 30,
        pregnant: false,
        coOccurringMentalIllness: false,
        substances: ['opioids'],
        courtOrder: null,
        medication: null,
        startMedication: null,
        bedsForChildren: false,
        childcare: false,
        language: null,
        acceptHigherLevels: false,
        requireAccreditation: false,
        submittedAt: plan.submittedAt,
        matchedAt: matchStatus === 'matching' ? null : plan.submittedAt,
        facilitiesConsidered: 10,
        excludedByRule: {},
        nearbyExclusions: [],
        suggestions: [],
        version: 2,
        submittedBy: 'planner-1',
        organization: 'St Elsewhere',
      });
      (plan.matches ?? []).forEach((facilityId, index) =>
        matches.push({
          referralId: id,
          rank: index + 1,
          facilityId,
          facilityName: `Facility ${facilityId.slice(0, 4)}`,
          levelOfCare: plan.levelOfCare ?? 'detox-residential',
          city: 'Yellowstone',
          state: 'WY',
          distanceMiles: index + 1,
          bedsAvailable: 1,
          score: 1,
          reasons: [],
        }),
      );
      for (const task of plan.tasks ?? []) {
        const taskId = randomUUID();
        const at = (minutes: number): Date => new Date(plan.submittedAt.getTime() + minutes * MINUTE);
        const [last] = task.path.slice(-1);
        tasks.push({
          id: taskId,
          referralId: id,
          facilityId: task.facilityId,
          facilityName: `Facility ${task.facilityId.slice(0, 4)}`,
          levelOfCare: plan.levelOfCare ?? 'detox-residential',
          status: last![0],
          statusReason: task.reason ?? null,
          statusNote: null,
          holdStatus: 'held',
          holdExpiresAt: null,
          holdReason: null,
          holdVersion: 1,
          version: task.path.length,
          createdBy: 'planner-1',
          createdAt: at(task.path[0]![1]),
          updatedAt: at(last![1]),
        });
        task.path.forEach(([status, minutes], index) =>
          transitions.push({
            taskId,
            referralId: id,
            fromStatus: index === 0 ? null : task.path[index - 1]![0],
            toStatus: status,
            reason: index === task.path.length - 1 ? (task.reason ?? null) : null,
            note: null,
            changedBy: 'someone',
            changedAt: at(minutes),
          }),
        );
      }
    }
    await dataSource.transaction(async (manager) => {
      await manager.insert(ReferralEntity, referrals);
      if (matches.length > 0) await manager.insert(ReferralMatchEntity, matches);
      if (tasks.length > 0) await manager.insert(ReferralTaskEntity, tasks);
      if (transitions.length > 0) await manager.insert(TaskTransitionEntity, transitions);
    });
    return referrals.map((referral) => referral.id!);
  }

  async function exported(filter: PlacementFilter, chunkSize?: number): Promise<PlacementExportRow[]> {
    const rows: PlacementExportRow[] = [];
    for await (const row of placements.exportRows(filter, chunkSize)) rows.push(row);
    return rows;
  }

  async function historyIds(filter: PlacementFilter, page = 1, pageSize = 200): Promise<string[]> {
    return (await placements.history(filter, page, pageSize)).items.map((referral) => referral.id);
  }

  beforeAll(async () => {
    // The service's own module, compiled but never started: no relay, sweeper or consumer runs. The
    // readiness check's TypeORM indicator looks for its packages with require(), which jest's ESM
    // runtime refuses; no health endpoint is called here.
    moduleRef = await Test.createTestingModule({
      imports: [ReferralModule.forRoot(integrationConfig(ReferralConfig, SCHEMA, { DATABASE_POOL_SIZE: 4 }))],
    })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    dataSource = moduleRef.get(DataSource);
    placements = moduleRef.get<PlacementAnalyticsRepository>(PLACEMENT_ANALYTICS_REPOSITORY);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'computes the same outcome in SQL as the outcome function, for every combination of statuses',
    async () => {
      const year = yearOf(2001);
      const combinations: { matchStatus: MatchStatus; statuses: TaskStatus[] }[] = [];
      for (const matchStatus of ['matching', 'matched', 'no-match'] as const) {
        combinations.push({ matchStatus, statuses: [] });
        for (const first of TASK_STATUSES) {
          combinations.push({ matchStatus, statuses: [first] });
          for (const second of TASK_STATUSES) if (first <= second) combinations.push({ matchStatus, statuses: [first, second] });
        }
      }
      const ids = await store(
        combinations.map(({ matchStatus, statuses }, index) => ({
          submittedAt: new Date(year.from.getTime() + index * MINUTE),
          matchStatus,
          tasks: statuses.map((status) => ({ facilityId: randomUUID(), path: [[status, 1]] as const })),
        })),
      );
      const expected = new Map(
        ids.map((id, index) => [id, referralOutcome(combinations[index]!.matchStatus, combinations[index]!.statuses)]),
      );

      const rows = await exported(year, 100);
      expect(rows).toHaveLength(combinations.length);
      for (const row of rows) expect([row.id, row.outcome]).toEqual([row.id, expected.get(row.id)]);

      // Filtering by outcome selects exactly the referrals the function gives that outcome.
      for (const outcome of REFERRAL_OUTCOMES) {
        const wanted = ids.filter((id) => expected.get(id) === outcome).sort();
        expect((await historyIds({ ...year, outcome })).sort()).toEqual(wanted);
      }
      // And the history shows each referral with the function's outcome.
      const page = await placements.history(year, 1, 200);
      expect(page.total).toBe(combinations.length);
      for (const referral of page.items) {
        expect(
          referralOutcome(
            referral.matchStatus,
            (referral.tasks ?? []).map((task) => task.status),
          ),
        ).toBe(expected.get(referral.id));
      }
    },
    TIMEOUT_MS,
  );

  describe('filters, paging and export', () => {
    const year = yearOf(2002);
    const at = (day: number): Date => new Date(Date.UTC(2002, 2, day, 12));
    const [f1, f2, f3, f4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    let ids: Record<'admitted' | 'declined' | 'noMatch' | 'notSent' | 'awaiting' | 'sentElsewhere', string>;

    beforeAll(async () => {
      const [admitted, declined, noMatch, notSent, awaiting, sentElsewhere] = await store([
        {
          submittedAt: at(1),
          matches: [f1, f2],
          tasks: [
            {
              facilityId: f1,
              path: [
                ['requested', 0],
                ['accepted', 30],
                ['in-progress', 90],
              ],
            },
            {
              facilityId: f2,
              path: [
                ['requested', 0],
                ['cancelled', 30],
              ],
              reason: 'placed-elsewhere',
            },
          ],
        },
        {
          submittedAt: at(2),
          levelOfCare: 'residential-short-term',
          payer: 'private-insurance',
          state: 'KY',
          matches: [f2],
          tasks: [
            {
              facilityId: f2,
              path: [
                ['requested', 0],
                ['received', 5],
                ['rejected', 45],
              ],
              reason: 'no-capacity',
            },
          ],
        },
        { submittedAt: at(3), matchStatus: 'no-match', payer: 'medicare', state: 'KY' },
        { submittedAt: at(4), matches: [f3] },
        {
          submittedAt: at(5),
          levelOfCare: 'outpatient',
          matches: [f1, f3],
          tasks: [
            { facilityId: f3, path: [['requested', 0]] },
            {
              facilityId: f1,
              path: [
                ['requested', 0],
                ['rejected', 10],
              ],
              reason: 'payer',
            },
          ],
        },
        // Sent to a facility that is not among its stored matches (e.g. matches replaced later).
        {
          submittedAt: at(6),
          state: null,
          matches: [f1],
          tasks: [
            {
              facilityId: f4,
              path: [
                ['requested', 0],
                ['failed', 240],
              ],
              reason: 'hold-expired',
            },
          ],
        },
      ]);
      ids = {
        admitted: admitted!,
        declined: declined!,
        noMatch: noMatch!,
        notSent: notSent!,
        awaiting: awaiting!,
        sentElsewhere: sentElsewhere!,
      };
    }, TIMEOUT_MS);

    it('lists newest first and pages through the same order', async () => {
      const all = [ids.sentElsewhere, ids.awaiting, ids.notSent, ids.noMatch, ids.declined, ids.admitted];
      expect(await historyIds(year)).toEqual(all);
      expect(await historyIds(year, 2, 4)).toEqual(all.slice(4));
      const page = await placements.history(year, 2, 2);
      expect(page.total).toBe(6);
      expect(page.items.map((referral) => referral.id)).toEqual(all.slice(2, 4));
      expect(await historyIds({ from: at(2), to: at(5) })).toEqual(
        [ids.noMatch, ids.notSent, ids.declined].sort((a, b) => all.indexOf(a) - all.indexOf(b)),
      );
      expect(await historyIds(year, 3, 4)).toEqual([]);
    });

    it('filters by facility matched with or sent to, level of care, payer, state, outcome and decline reason', async () => {
      const sorted = async (filter: PlacementFilter): Promise<string[]> => (await historyIds({ ...year, ...filter })).sort();
      const expectIds = (...wanted: string[]): string[] => wanted.sort();
      expect(await sorted({ facilityId: f1 })).toEqual(expectIds(ids.admitted, ids.awaiting, ids.sentElsewhere));
      expect(await sorted({ facilityId: f2 })).toEqual(expectIds(ids.admitted, ids.declined));
      expect(await sorted({ facilityId: f4 })).toEqual(expectIds(ids.sentElsewhere));
      expect(await sorted({ facilityId: randomUUID() })).toEqual([]);
      expect(await sorted({ levelOfCare: 'outpatient' })).toEqual(expectIds(ids.awaiting));
      expect(await sorted({ payer: 'medicaid' })).toEqual(expectIds(ids.admitted, ids.notSent, ids.awaiting, ids.sentElsewhere));
      expect(await sorted({ state: 'KY' })).toEqual(expectIds(ids.declined, ids.noMatch));
      expect(await sorted({ outcome: 'admitted' })).toEqual(expectIds(ids.admitted));
      expect(await sorted({ outcome: 'unplaced' })).toEqual(expectIds(ids.sentElsewhere));
      expect(await sorted({ outcome: 'awaiting-answer' })).toEqual(expectIds(ids.awaiting));
      expect(await sorted({ declineReason: 'payer' })).toEqual(expectIds(ids.awaiting));
      expect(await sorted({ declineReason: 'no-capacity' })).toEqual(expectIds(ids.declined));
      expect(await sorted({ declineReason: 'other' })).toEqual([]);
      // Filters combine.
      expect(await sorted({ facilityId: f1, payer: 'medicaid', state: 'WY', outcome: 'admitted' })).toEqual(expectIds(ids.admitted));
      expect(await sorted({ state: 'KY', outcome: 'declined', levelOfCare: 'detox-residential' })).toEqual([]);
    });

    it('loads each listed referral with its matches and tasks', async () => {
      const [admitted] = (await placements.history({ ...year, outcome: 'admitted' }, 1, 10)).items;
      expect(admitted!.matches!.map((match) => match.facilityId)).toEqual([f1, f2]);
      expect(admitted!.tasks!.map((task) => [task.facilityId, task.status]).sort()).toEqual(
        [
          [f1, 'in-progress'],
          [f2, 'cancelled'],
        ].sort(),
      );
    });

    it('exports every selected referral, in chunks, with its placement, declines and times', async () => {
      const inOneGo = await exported(year);
      expect(await exported(year, 2)).toEqual(inOneGo);
      expect(await exported(year, 1)).toEqual(inOneGo);
      expect(inOneGo.map((row) => row.id)).toEqual(await historyIds(year));
      const byId = new Map(inOneGo.map((row) => [row.id, row]));
      expect(byId.get(ids.admitted)).toEqual({
        id: ids.admitted,
        submittedAt: at(1),
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        state: 'WY',
        outcome: 'admitted',
        placedFacilityId: f1,
        placedFacilityName: `Facility ${f1.slice(0, 4)}`,
        declinedBy: 0,
        minutesToAcceptance: 30,
        minutesToAdmission: 90,
      });
      expect(byId.get(ids.declined)).toMatchObject({
        outcome: 'declined',
        state: 'KY',
        placedFacilityId: null,
        declinedBy: 1,
        minutesToAcceptance: null,
      });
      expect(byId.get(ids.awaiting)).toMatchObject({
        outcome: 'awaiting-answer',
        declinedBy: 1,
        minutesToAcceptance: null,
        minutesToAdmission: null,
      });
      expect(byId.get(ids.noMatch)).toMatchObject({ outcome: 'no-match', declinedBy: 0 });
      expect(byId.get(ids.sentElsewhere)).toMatchObject({ outcome: 'unplaced', state: null });
      expect(await exported({ ...year, outcome: 'declined' })).toEqual([byId.get(ids.declined)]);
    });

    it('writes the export as CSV with a header line and one row per referral', async () => {
      let text = '';
      for await (const chunk of placementCsv(placements.exportRows(year, 2))) text += String(chunk);
      const records: Record<string, string>[] = parse(text, { columns: true });
      expect(Object.keys(records[0]!)).toEqual([
        'id',
        'submittedAt',
        'levelOfCare',
        'payer',
        'state',
        'outcome',
        'placedFacilityId',
        'placedFacilityName',
        'declinedBy',
        'minutesToAcceptance',
        'minutesToAdmission',
      ]);
      expect(records.map((record) => record.id)).toEqual(await historyIds(year));
      expect(records.find((record) => record.id === ids.admitted)).toEqual({
        id: ids.admitted,
        submittedAt: at(1).toISOString(),
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        state: 'WY',
        outcome: 'admitted',
        placedFacilityId: f1,
        placedFacilityName: `Facility ${f1.slice(0, 4)}`,
        declinedBy: '0',
        minutesToAcceptance: '30',
        minutesToAdmission: '90',
      });
      expect(records.find((record) => record.id === ids.sentElsewhere)).toMatchObject({
        state: '',
        placedFacilityId: '',
        minutesToAcceptance: '',
      });
    });

    it('writes a header line alone when nothing matches', async () => {
      let text = '';
      for await (const chunk of placementCsv(
        placements.exportRows({ from: new Date(Date.UTC(1990, 0, 1)), to: new Date(Date.UTC(1991, 0, 1)) }),
      )) {
        text += String(chunk);
      }
      expect(text.trim()).toBe(
        'id,submittedAt,levelOfCare,payer,state,outcome,placedFacilityId,placedFacilityName,' +
          'declinedBy,minutesToAcceptance,minutesToAdmission',
      );
    });
  });

  it('keeps spreadsheet formulas out of the export', async () => {
    const rows = async function* (): AsyncIterable<PlacementExportRow> {
      yield {
        id: randomUUID(),
        submittedAt: new Date(),
        levelOfCare: 'outpatient',
        payer: 'medicaid',
        state: 'WY',
        outcome: 'accepted',
        placedFacilityId: randomUUID(),
        placedFacilityName: '=HYPERLINK("http://example.test")',
        declinedBy: 0,
        minutesToAcceptance: 1,
        minutesToAdmission: null,
      };
    };
    let text = '';
    for await (const chunk of placementCsv(rows())) text += String(chunk);
    const [record]: Record<string, string>[] = parse(text, { columns: true });
    expect(record!.placedFacilityName).toBe(`'=HYPERLINK("http://example.test")`);
  });

  it(
    'computes the figures in PostgreSQL: times to acceptance and admission, facility answers, declines, unmet demand',
    async () => {
      const year = yearOf(2003);
      const at = (day: number): Date => new Date(Date.UTC(2003, 4, day, 8));
      const [fast, slow, busy] = [randomUUID(), randomUUID(), randomUUID()];
      const accepted = (facilityId: string, minutes: number, admittedAfter?: number): TaskPlan => ({
        facilityId,
        path: [['requested', 0], ['accepted', minutes], ...(admittedAfter === undefined ? [] : [['in-progress', admittedAfter] as const])],
      });
      await store([
        // Accepted after 10, 20, 30 and 40 minutes; two of them admitted after 60 and 120.
        {
          submittedAt: at(1),
          tasks: [
            accepted(fast, 10, 60),
            {
              facilityId: busy,
              path: [
                ['requested', 0],
                ['cancelled', 10],
              ],
              reason: 'placed-elsewhere',
            },
          ],
        },
        { submittedAt: at(2), tasks: [accepted(fast, 20, 120)] },
        { submittedAt: at(3), tasks: [accepted(slow, 30)] },
        // Accepted, then the patient never arrived: counts as an acceptance, not a failure.
        {
          submittedAt: at(4),
          tasks: [
            {
              facilityId: slow,
              path: [
                ['requested', 0],
                ['accepted', 40],
                ['failed', 600],
              ],
              reason: 'no-show',
            },
          ],
        },
        {
          submittedAt: at(5),
          tasks: [
            {
              facilityId: busy,
              path: [
                ['requested', 0],
                ['rejected', 5],
              ],
              reason: 'no-capacity',
            },
            {
              facilityId: slow,
              path: [
                ['requested', 0],
                ['rejected', 15],
              ],
              reason: 'no-capacity',
            },
          ],
        },
        {
          submittedAt: at(6),
          tasks: [
            {
              facilityId: busy,
              path: [
                ['requested', 0],
                ['rejected', 5],
              ],
              reason: 'clinical-needs-beyond-scope',
            },
          ],
        },
        {
          submittedAt: at(7),
          tasks: [
            {
              facilityId: busy,
              path: [
                ['requested', 0],
                ['failed', 240],
              ],
              reason: 'hold-expired',
            },
          ],
        },
        { submittedAt: at(8), tasks: [{ facilityId: busy, path: [['requested', 0]] }] },
        // No bed found anywhere.
        { submittedAt: at(9), matchStatus: 'no-match', levelOfCare: 'detox-hospital', state: 'WY' },
        { submittedAt: at(10), matchStatus: 'no-match', levelOfCare: 'detox-hospital', state: 'MT' },
        { submittedAt: at(11), matchStatus: 'no-match', levelOfCare: 'outpatient', state: 'WY' },
        { submittedAt: at(12), matchStatus: 'no-match', levelOfCare: 'outpatient', state: null },
        { submittedAt: at(13), matchStatus: 'no-match', levelOfCare: 'detox-hospital', state: 'WY' },
      ]);

      const figures = await placements.figures(year);
      expect(figures.referrals).toBe(13);
      expect(Object.fromEntries(figures.outcomes.map((row) => [row.outcome, row.count]))).toEqual({
        matching: 0,
        'no-match': 5,
        'not-sent': 0,
        'awaiting-answer': 1,
        accepted: 1,
        admitted: 2,
        completed: 0,
        declined: 2,
        unplaced: 2,
      });
      // percentile_cont interpolates: the median of 10, 20, 30, 40 is 25, the 90th percentile 37.
      expect(figures.timeToAcceptance).toEqual({ referrals: 4, medianMinutes: 25, p90Minutes: 37 });
      expect(figures.timeToAdmission).toEqual({ referrals: 2, medianMinutes: 90, p90Minutes: 114 });
      expect(figures.facilities).toEqual([
        {
          facilityId: busy,
          facilityName: `Facility ${busy.slice(0, 4)}`,
          sent: 5,
          accepted: 0,
          declined: 2,
          failed: 1,
          cancelled: 1,
          awaiting: 1,
          acceptanceRate: 0,
          declineRate: 0.4,
        },
        {
          facilityId: slow,
          facilityName: `Facility ${slow.slice(0, 4)}`,
          sent: 3,
          accepted: 2,
          declined: 1,
          failed: 0,
          cancelled: 0,
          awaiting: 0,
          acceptanceRate: 0.6667,
          declineRate: 0.3333,
        },
        {
          facilityId: fast,
          facilityName: `Facility ${fast.slice(0, 4)}`,
          sent: 2,
          accepted: 2,
          declined: 0,
          failed: 0,
          cancelled: 0,
          awaiting: 0,
          acceptanceRate: 1,
          declineRate: 0,
        },
      ]);
      expect(figures.declineReasons).toEqual([
        { reason: 'no-capacity', count: 2 },
        { reason: 'clinical-needs-beyond-scope', count: 1 },
      ]);
      expect(figures.unmetDemand).toEqual({
        referrals: 5,
        byLevelOfCare: [
          { levelOfCare: 'detox-hospital', count: 3 },
          { levelOfCare: 'outpatient', count: 2 },
        ],
        byState: [
          { state: 'WY', count: 3 },
          { state: 'MT', count: 1 },
          { state: null, count: 1 },
        ],
      });

      // The filters narrow the figures like the history.
      const detox = await placements.figures({ ...year, levelOfCare: 'detox-hospital' });
      expect(detox).toMatchObject({
        referrals: 3,
        timeToAcceptance: { referrals: 0, medianMinutes: null, p90Minutes: null },
        facilities: [],
        declineReasons: [],
      });
      expect(detox.unmetDemand.byState).toEqual([
        { state: 'WY', count: 2 },
        { state: 'MT', count: 1 },
      ]);
      const atFast = await placements.figures({ ...year, facilityId: fast });
      expect(atFast.timeToAcceptance).toEqual({ referrals: 2, medianMinutes: 15, p90Minutes: 19 });
      expect(atFast.facilities.map((row) => row.facilityId)).toEqual([fast, busy]);
      const empty = await placements.figures(yearOf(1990));
      expect(empty).toMatchObject({
        referrals: 0,
        facilities: [],
        declineReasons: [],
        unmetDemand: { referrals: 0, byLevelOfCare: [], byState: [] },
      });
    },
    TIMEOUT_MS,
  );
});
