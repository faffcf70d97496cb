import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AWAITING_ANSWER_STATUSES, PLACED_STATUSES, type LevelOfCare, type PatientPayer } from '#contracts';
import { entityManagerOf, UnitOfWork } from '#persistence';
import { OUTCOME_RULES, REFERRAL_OUTCOMES, type ReferralOutcome } from '../domain/referral-outcome.js';
import { ReferralEntity } from './referral.entity.js';
import type {
  DurationFigure,
  FacilityFigure,
  PlacementAnalyticsRepository,
  PlacementExportRow,
  PlacementFigures,
  PlacementFilter,
} from './placement-analytics.repository.port.js';

/** A vocabulary value written into SQL; only plain words from our own lists ever get here. */
function literal(value: string): string {
  if (!/^[a-z][a-z-]*$/.test(value)) throw new Error(`not a vocabulary value: ${value}`);
  return `'${value}'`;
}

function list(values: readonly string[]): string {
  return values.map(literal).join(', ');
}

/**
 * OUTCOME_RULES (referral-outcome.ts) as a SQL CASE over `statuses`, the text[] of a referral's
 * task statuses without drafts, and its match status. Its spec checks it against referralOutcome().
 */
export function outcomeSql(statuses: string, matchStatus: string): string {
  const branches = OUTCOME_RULES.map((rule) =>
    'anyTaskIn' in rule
      ? `WHEN ${statuses} && ARRAY[${list(rule.anyTaskIn)}]::text[] THEN ${literal(rule.outcome)}`
      : `WHEN ${matchStatus} = ${literal(rule.matchStatus)} THEN ${literal(rule.outcome)}`,
  );
  return `CASE ${branches.join(' ')} END`;
}

/** Positional parameters for hand-written SQL. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * `selected`: the referrals the filter selects, each with its outcome, as a CTE the queries below
 * read from. Every filter is a parameter.
 */
function selectedReferrals(filter: PlacementFilter, parameters: Parameters): string {
  const where: string[] = [];
  if (filter.from) where.push(`r.submitted_at >= ${parameters.add(filter.from)}`);
  if (filter.to) where.push(`r.submitted_at < ${parameters.add(filter.to)}`);
  if (filter.levelOfCare) where.push(`r.level_of_care = ${parameters.add(filter.levelOfCare)}`);
  if (filter.payer) where.push(`r.payer = ${parameters.add(filter.payer)}`);
  if (filter.state) where.push(`r.origin_state = ${parameters.add(filter.state)}`);
  if (filter.outcome) where.push(`o.outcome = ${parameters.add(filter.outcome)}`);
  if (filter.facilityId) {
    const facility = parameters.add(filter.facilityId);
    where.push(`(EXISTS (SELECT 1 FROM referral_matches m WHERE m.referral_id = r.id AND m.facility_id = ${facility})
      OR EXISTS (SELECT 1 FROM referral_tasks t WHERE t.referral_id = r.id AND t.facility_id = ${facility}))`);
  }
  if (filter.declineReason) {
    where.push(`EXISTS (SELECT 1 FROM referral_tasks t WHERE t.referral_id = r.id AND t.status = 'rejected'
      AND t.status_reason = ${parameters.add(filter.declineReason)})`);
  }
  return `selected AS (
    SELECT r.id, r.submitted_at, r.level_of_care, r.payer, r.origin_state, r.match_status, o.outcome
    FROM referrals r
    CROSS JOIN LATERAL (
      SELECT ARRAY(SELECT t.status FROM referral_tasks t WHERE t.referral_id = r.id AND t.status <> 'draft') AS statuses
    ) s
    CROSS JOIN LATERAL (SELECT ${outcomeSql('s.statuses', 'r.match_status')} AS outcome) o
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
  )`;
}

/** Minutes from submission to the first transition of any of a referral's tasks to `status`. */
function minutesTo(status: string, referral: string): string {
  return `(SELECT EXTRACT(EPOCH FROM min(x.changed_at) - ${referral}.submitted_at)::double precision / 60
      FROM referral_tasks t JOIN referral_task_transitions x ON x.task_id = t.id
      WHERE t.referral_id = ${referral}.id AND x.to_status = ${literal(status)})`;
}

interface ExportRecord {
  id: string;
  submitted_at: Date;
  cursor: string;
  level_of_care: LevelOfCare;
  payer: PatientPayer;
  origin_state: string | null;
  outcome: ReferralOutcome;
  placed_facility_id: string | null;
  placed_facility_name: string | null;
  declined_by: number;
  minutes_to_acceptance: number | null;
  minutes_to_admission: number | null;
}

const round = (value: number | null, decimals: number): number | null =>
  value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals;

@Injectable()
export class TypeOrmPlacementAnalyticsRepository implements PlacementAnalyticsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async history(filter: PlacementFilter, page: number, pageSize: number): Promise<{ items: ReferralEntity[]; total: number }> {
    const parameters = new Parameters();
    const selected = selectedReferrals(filter, parameters);
    const [{ total }]: [{ total: number }] = await this.dataSource.query(
      `WITH ${selected} SELECT count(*)::int AS total FROM selected`,
      parameters.values,
    );
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH ${selected} SELECT id FROM selected ORDER BY submitted_at DESC, id DESC
       OFFSET ${parameters.add((page - 1) * pageSize)} LIMIT ${parameters.add(pageSize)}`,
      parameters.values,
    );
    if (rows.length === 0) return { items: [], total };
    const ids = rows.map((row) => row.id);
    const loaded = await this.dataSource.getRepository(ReferralEntity).find({
      where: { id: In(ids) },
      relations: { matches: true, tasks: true },
      order: { matches: { rank: 'ASC' }, tasks: { createdAt: 'ASC', facilityId: 'ASC' } },
    });
    const byId = new Map(loaded.map((referral) => [referral.id, referral]));
    return { items: ids.flatMap((id) => byId.get(id) ?? []), total };
  }

  async *exportRows(filter: PlacementFilter, chunkSize = 1000): AsyncIterable<PlacementExportRow> {
    let after: { cursor: string; id: string } | null = null;
    for (;;) {
      const parameters = new Parameters();
      const selected = selectedReferrals(filter, parameters);
      const keyset = after
        ? `WHERE (s.submitted_at, s.id) < (${parameters.add(after.cursor)}::timestamptz, ${parameters.add(after.id)}::uuid)`
        : '';
      const records: ExportRecord[] = await this.dataSource.query(
        `WITH ${selected}
         SELECT s.id, s.submitted_at, s.submitted_at::text AS cursor, s.level_of_care, s.payer, s.origin_state, s.outcome,
           placed.facility_id AS placed_facility_id, placed.facility_name AS placed_facility_name,
           (SELECT count(*)::int FROM referral_tasks t WHERE t.referral_id = s.id AND t.status = 'rejected') AS declined_by,
           ${minutesTo('accepted', 's')} AS minutes_to_acceptance,
           ${minutesTo('in-progress', 's')} AS minutes_to_admission
         FROM selected s
         LEFT JOIN LATERAL (
           SELECT t.facility_id, t.facility_name FROM referral_tasks t
           WHERE t.referral_id = s.id AND t.status IN (${list(PLACED_STATUSES)})
           ORDER BY t.updated_at DESC, t.id LIMIT 1
         ) placed ON true
         ${keyset}
         ORDER BY s.submitted_at DESC, s.id DESC
         LIMIT ${parameters.add(chunkSize)}`,
        parameters.values,
      );
      for (const record of records) {
        yield {
          id: record.id,
          submittedAt: record.submitted_at,
          levelOfCare: record.level_of_care,
          payer: record.payer,
          state: record.origin_state,
          outcome: record.outcome,
          placedFacilityId: record.placed_facility_id,
          placedFacilityName: record.placed_facility_name,
          declinedBy: record.declined_by,
          minutesToAcceptance: round(record.minutes_to_acceptance, 1),
          minutesToAdmission: round(record.minutes_to_admission, 1),
        };
      }
      if (records.length < chunkSize) return;
      const last = records[records.length - 1]!;
      after = { cursor: last.cursor, id: last.id };
    }
  }

  /** Every figure from one snapshot of the data. */
  figures(filter: PlacementFilter): Promise<PlacementFigures> {
    return this.unitOfWork.run(
      async (tx) => {
        const manager = entityManagerOf(tx);
        const query = async <T>(sql: (selected: string, parameters: Parameters) => string): Promise<T[]> => {
          const parameters = new Parameters();
          const selected = selectedReferrals(filter, parameters);
          return manager.query(sql(selected, parameters), parameters.values);
        };
        const outcomes = await query<{ outcome: ReferralOutcome; count: number }>(
          (selected) => `WITH ${selected} SELECT outcome, count(*)::int AS count FROM selected GROUP BY outcome`,
        );
        const [acceptance, admission] = await this.durations(manager, filter);
        const facilities = await query<FacilityFigure>(
          (selected) => `WITH ${selected},
          answered AS (
            SELECT t.facility_id, t.facility_name, t.updated_at, t.status,
              t.status IN (${list(PLACED_STATUSES)})
                OR EXISTS (SELECT 1 FROM referral_task_transitions x WHERE x.task_id = t.id AND x.to_status = 'accepted') AS accepted
            FROM selected s JOIN referral_tasks t ON t.referral_id = s.id
            WHERE t.status <> 'draft'
          )
          SELECT facility_id AS "facilityId",
            (array_agg(facility_name ORDER BY updated_at DESC))[1] AS "facilityName",
            count(*)::int AS sent,
            count(*) FILTER (WHERE accepted)::int AS accepted,
            count(*) FILTER (WHERE NOT accepted AND status = 'rejected')::int AS declined,
            count(*) FILTER (WHERE NOT accepted AND status = 'failed')::int AS failed,
            count(*) FILTER (WHERE NOT accepted AND status = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE NOT accepted AND status IN (${list(AWAITING_ANSWER_STATUSES)}))::int AS awaiting
          FROM answered
          GROUP BY facility_id
          ORDER BY sent DESC, facility_id`,
        );
        const declineReasons = await query<{ reason: string; count: number }>(
          (selected) => `WITH ${selected}
          SELECT coalesce(t.status_reason, 'unknown') AS reason, count(*)::int AS count
          FROM selected s JOIN referral_tasks t ON t.referral_id = s.id
          WHERE t.status = 'rejected'
          GROUP BY 1 ORDER BY count DESC, reason`,
        );
        const byLevelOfCare = await query<{ levelOfCare: LevelOfCare; count: number }>(
          (selected) => `WITH ${selected}
          SELECT level_of_care AS "levelOfCare", count(*)::int AS count FROM selected
          WHERE match_status = 'no-match' GROUP BY 1 ORDER BY count DESC, 1`,
        );
        const byState = await query<{ state: string | null; count: number }>(
          (selected) => `WITH ${selected}
          SELECT origin_state AS state, count(*)::int AS count FROM selected
          WHERE match_status = 'no-match' GROUP BY 1 ORDER BY count DESC, 1 NULLS LAST`,
        );
        const counted = new Map(outcomes.map((row) => [row.outcome, row.count]));
        return {
          referrals: outcomes.reduce((sum, row) => sum + row.count, 0),
          outcomes: REFERRAL_OUTCOMES.map((outcome) => ({ outcome, count: counted.get(outcome) ?? 0 })),
          timeToAcceptance: acceptance,
          timeToAdmission: admission,
          facilities: facilities.map((row) => ({
            ...row,
            acceptanceRate: round(row.accepted / row.sent, 4)!,
            declineRate: round(row.declined / row.sent, 4)!,
          })),
          declineReasons,
          unmetDemand: { referrals: byLevelOfCare.reduce((sum, row) => sum + row.count, 0), byLevelOfCare, byState },
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /** Median and 90th percentile of the minutes from submission to the first acceptance and admission. */
  private async durations(manager: EntityManager, filter: PlacementFilter): Promise<[DurationFigure, DurationFigure]> {
    const parameters = new Parameters();
    const figure = (column: string, name: string): string => `
      count(${column})::int AS ${name}_referrals,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) AS ${name}_median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}) AS ${name}_p90`;
    const [row]: Record<string, number | null>[] = await manager.query(
      `WITH ${selectedReferrals(filter, parameters)},
        firsts AS (
          SELECT EXTRACT(EPOCH FROM min(x.changed_at) FILTER (WHERE x.to_status = 'accepted') - s.submitted_at)::double precision
                   / 60 AS acceptance,
            EXTRACT(EPOCH FROM min(x.changed_at) FILTER (WHERE x.to_status = 'in-progress') - s.submitted_at)::double precision
              / 60 AS admission
          FROM selected s
          JOIN referral_tasks t ON t.referral_id = s.id
          JOIN referral_task_transitions x ON x.task_id = t.id
          GROUP BY s.id, s.submitted_at
        )
      SELECT ${figure('acceptance', 'acceptance')}, ${figure('admission', 'admission')} FROM firsts`,
      parameters.values,
    );
    const read = (name: string): DurationFigure => ({
      referrals: row?.[`${name}_referrals`] ?? 0,
      medianMinutes: round(row?.[`${name}_median`] ?? null, 1),
      p90Minutes: round(row?.[`${name}_p90`] ?? null, 1),
    });
    return [read('acceptance'), read('admission')];
  }
}
