// class-transformer's @Type and Nest's @Injectable read decorator metadata: load the polyfill first.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import {
  FacilityIndex,
  matchFacilities,
  type FacilityMatch,
  type FacilitySnapshot,
  type FacilitySource,
  type MatchRequest,
} from '#matching';
import { loadRealDirectory, synthesize, toSnapshot, type BenchFacility } from './support/directory.js';
import { Prng } from './support/prng.js';
import { matchRequestOf } from '../apps/matcher/src/match-referral/match-request-of-referral.js';
import { makeReferrals, type BenchReferral } from './support/referrals.js';
import { dropDatabase, recreateDatabase, SqlBaseline, type SqlMatch } from './support/sql-baseline.js';
import { measureCapacityUpdates, rebuildState, sameSnapshots, type RebuildResult, type UpdateRates } from './support/state-store.js';
import { formatFigure, formatInt, microsSince, Progress, renderTable, summarize, type Summary } from './support/stats.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIRECTORY_FILE = resolve(ROOT, 'apps/facility-registry/data/samhsa/facilities.csv.gz');

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** Everything that sizes the run; the defaults keep it to a few minutes on two cores. */
const CONFIG = {
  seed: envInt('BENCH_SEED', 20_261_124),
  syntheticFacilities: envInt('BENCH_SYNTHETIC_FACILITIES', 100_000),
  referrals: envInt('BENCH_REFERRALS', 2_000),
  warmUpReferrals: envInt('BENCH_WARMUP_REFERRALS', 500),
  /** Timed passes over the referrals in memory: the first gives the headline figures, all give best-of. */
  passes: Math.max(1, envInt('BENCH_PASSES', 3)),
  arrayReferrals: { real: envInt('BENCH_ARRAY_REFERRALS_REAL', 500), synthetic: envInt('BENCH_ARRAY_REFERRALS_SYNTHETIC', 150) },
  sqlReferrals: { real: envInt('BENCH_SQL_REFERRALS_REAL', 1_000), synthetic: envInt('BENCH_SQL_REFERRALS_SYNTHETIC', 400) },
  sqlWarmUp: envInt('BENCH_SQL_WARMUP', 30),
  agreementSample: envInt('BENCH_AGREEMENT_SAMPLE', 200),
  capacityUpdates: envInt('BENCH_CAPACITY_UPDATES', 200_000),
  decodedCapacityUpdates: envInt('BENCH_DECODED_CAPACITY_UPDATES', 20_000),
  /** As the matcher's defaults: MATCH_LIMIT and BED_COUNT_STALE_HOURS. */
  matchLimit: 10,
  staleAfterHours: 24,
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sud_referral_bench',
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
} as const;

type DatasetKey = 'real' | 'synthetic';

interface DatasetResult {
  readonly key: DatasetKey;
  readonly label: string;
  readonly facilities: number;
  readonly bedLines: number;
  readonly indexLatency: Summary;
  readonly indexLatencyBest: Summary;
  readonly indexLatencyMatched: Summary;
  readonly indexLatencyNoMatch: Summary;
  readonly slowest: SlowReferrals;
  readonly noMatchShare: number;
  readonly meanMatches: number;
  readonly arrayLatency: Summary;
  readonly sqlLatency: Summary;
  readonly agreement: Agreement;
  readonly indexEqualsArray: { readonly same: number; readonly of: number };
  readonly updates: UpdateRates;
  readonly rebuild: Omit<RebuildResult, 'store'>;
  readonly storeMatchesBench: boolean;
  readonly sqlLoadMillis: number;
}

interface Agreement {
  readonly sample: number;
  readonly identical: number;
  /** Same facilities, order differs only where both sides give equal rounded scores and distances. */
  readonly tieOrder: number;
  readonly other: number;
  readonly examples: string[];
}

const progress = new Progress();

interface MatchingRun {
  /** One latency sample per referral (µs), from the first timed pass: the headline figures. */
  readonly all: number[];
  /** Per referral, the fastest of all timed passes: what the work costs without interference. */
  readonly best: number[];
  readonly matches: number[];
}

/** matchFacilities over the requests after a warm-up, `passes` timed passes; one sample per call, in µs. */
function timeMatching(requests: readonly MatchRequest[], source: FacilitySource, warmUp: number, passes: number): MatchingRun {
  let checksum = 0;
  for (let index = 0; index < warmUp; index += 1) checksum += matchFacilities(requests[index % requests.length]!, source).matches.length;
  const all: number[] = [];
  const best: number[] = [];
  const matches: number[] = [];
  for (let pass = 0; pass < passes; pass += 1) {
    requests.forEach((request, index) => {
      const started = process.hrtime.bigint();
      const result = matchFacilities(request, source);
      const micros = microsSince(started);
      checksum += result.matches.length;
      if (pass === 0) {
        all.push(micros);
        best.push(micros);
        matches.push(result.matches.length);
      } else {
        best[index] = Math.min(best[index]!, micros);
      }
    });
  }
  if (checksum < 0) console.log(checksum); // keeps the work observable
  return { all, best, matches };
}

/** What sets the slowest referrals apart: how many facilities the grid hands over, and whether nothing fits. */
function slowestReferrals(requests: readonly MatchRequest[], index: FacilityIndex, run: MatchingRun): SlowReferrals {
  const read = requests.map((request) => {
    let count = 0;
    for (const _facility of index.near(request.origin, request.maxDistanceMiles)) count += 1;
    return count;
  });
  const order = requests.map((_, position) => position).sort((a, b) => run.best[b]! - run.best[a]!);
  const slowest = order.slice(0, Math.max(1, Math.ceil(requests.length / 100)));
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    count: slowest.length,
    noMatch: slowest.filter((position) => run.matches[position] === 0).length,
    medianRead: median(slowest.map((position) => read[position]!)),
    medianReadAll: median(read),
    medianMicros: median(slowest.map((position) => run.best[position]!)),
  };
}

interface SlowReferrals {
  /** The slowest 1 % by best-of-passes latency. */
  readonly count: number;
  /** Of those, how many match nothing (and so also compute widening suggestions). */
  readonly noMatch: number;
  /** Median facilities read from the grid cells for them, and for all referrals. */
  readonly medianRead: number;
  readonly medianReadAll: number;
  readonly medianMicros: number;
}

const describeMatch = (match: {
  facilityId: string;
  score: number;
  distanceMiles: number;
  bedsAvailable: number;
  levelOfCare: string;
  moudFirst?: boolean;
  licenceOnFile?: boolean;
}): string =>
  `${match.facilityId.slice(0, 8)} score ${match.score} ${match.distanceMiles} mi ${match.bedsAvailable} beds ${match.levelOfCare}` +
  `${match.moudFirst ? ' [MOUD first]' : ''}${match.licenceOnFile === false ? ' [licence not on file]' : ''}`;

/** Compares the ordered top-K of both sides for each referral of the sample. */
function compareTopK(
  requests: readonly MatchRequest[],
  memory: readonly (readonly FacilityMatch[])[],
  sql: readonly (readonly SqlMatch[])[],
): Agreement {
  let identical = 0;
  let tieOrder = 0;
  let other = 0;
  const examples: string[] = [];
  for (let index = 0; index < sql.length; index += 1) {
    const left = memory[index]!;
    const right = sql[index]!;
    const leftIds = left.map((match) => match.facilityId);
    const rightIds = right.map((match) => match.facilityId);
    if (isDeepStrictEqual(leftIds, rightIds)) {
      identical += 1;
      continue;
    }
    const sameSet = leftIds.length === rightIds.length && isDeepStrictEqual([...leftIds].sort(), [...rightIds].sort());
    const onlyTies =
      sameSet &&
      leftIds.every((id, position) => {
        if (id === rightIds[position]) return true;
        const a = left[position]!;
        const b = right[position]!;
        return a.score === b.score && a.distanceMiles === b.distanceMiles;
      });
    if (onlyTies) tieOrder += 1;
    else other += 1;
    if (examples.length < 4) {
      const request = requests[index]!;
      const lines = [
        `referral ${index + 1} (${request.levelOfCare}, ${request.payer}, ${request.maxDistanceMiles} mi): ` +
          `${onlyTies ? 'order of tied facilities' : 'different facilities'}`,
        `  needs ${JSON.stringify(request.needs)}`,
      ];
      const length = Math.max(left.length, right.length);
      for (let position = 0; position < length; position += 1) {
        const a = left[position];
        const b = right[position];
        if (a && b && a.facilityId === b.facilityId) continue;
        // The matcher says "licence not on file" among a match's reasons; the SQL returns its tiers.
        const memory = a
          ? describeMatch({ ...a, licenceOnFile: !a.reasons.some((reason) => reason.includes('licence not on file')) })
          : '—';
        lines.push(`  #${position + 1} memory: ${memory} | sql: ${b ? describeMatch(b) : '—'}`);
      }
      examples.push(lines.join('\n'));
    }
  }
  return { sample: sql.length, identical, tieOrder, other, examples };
}

async function runDataset(
  key: DatasetKey,
  label: string,
  facilities: readonly BenchFacility[],
  referrals: readonly BenchReferral[],
  asOf: Date,
  client: pg.Client,
): Promise<DatasetResult> {
  const requests = referrals.map((referral) =>
    matchRequestOf(referral, asOf, { staleAfterHours: CONFIG.staleAfterHours, limit: CONFIG.matchLimit }),
  );
  const snapshots: FacilitySnapshot[] = facilities.map(toSnapshot);
  const index = new FacilityIndex();
  for (const snapshot of snapshots) index.upsert(snapshot);
  const bedLines = facilities.reduce((sum, facility) => sum + facility.beds.length, 0);

  progress.log(
    `${label}: in memory, matchFacilities over the grid index, ` +
      `${formatInt(requests.length)} referrals after ${formatInt(CONFIG.warmUpReferrals)} warm-up calls`,
  );
  const indexRun = timeMatching(requests, index, CONFIG.warmUpReferrals, CONFIG.passes);
  const arrayCount = Math.min(requests.length, CONFIG.arrayReferrals[key]);
  progress.log(`${label}: in memory, matchFacilities over a plain array (every facility), ${formatInt(arrayCount)} referrals`);
  const arrayRun = timeMatching(requests.slice(0, arrayCount), snapshots, Math.min(50, arrayCount), 1);

  // SQL baseline: its own schema, loaded from the same records.
  const sql = new SqlBaseline(client, `bench_${key}`);
  progress.log(`${label}: PostgreSQL, loading ${formatInt(facilities.length)} facilities and ${formatInt(bedLines)} bed lines`);
  let started = process.hrtime.bigint();
  await sql.create();
  await sql.load(facilities, (loaded) => {
    if (loaded % 25_000 === 0 || loaded === facilities.length) progress.log(`${label}: PostgreSQL, ${formatInt(loaded)} facilities loaded`);
  });
  const sqlLoadMillis = microsSince(started) / 1000;
  const sqlCount = Math.min(requests.length, CONFIG.sqlReferrals[key]);
  progress.log(
    `${label}: PostgreSQL, one prepared statement per referral, ${formatInt(sqlCount)} referrals after ${CONFIG.sqlWarmUp} warm-up queries`,
  );
  for (let index = 0; index < CONFIG.sqlWarmUp; index += 1) await sql.match(requests[requests.length - 1 - index]!);
  const sqlMicros: number[] = [];
  const sqlResults: SqlMatch[][] = [];
  for (let index = 0; index < sqlCount; index += 1) {
    started = process.hrtime.bigint();
    const rows = await sql.match(requests[index]!);
    sqlMicros.push(microsSince(started));
    if (index < CONFIG.agreementSample) sqlResults.push(rows);
    if ((index + 1) % 200 === 0 && index + 1 < sqlCount)
      progress.log(`${label}: PostgreSQL, ${formatInt(index + 1)} of ${formatInt(sqlCount)} referrals`);
  }
  if (process.env.BENCH_EXPLAIN === '1') console.log((await sql.explain(requests[0]!)).replace(/^/gm, '    '));

  // Agreement: the same referrals through the matcher (grid index and plain array), untimed.
  const sample = requests.slice(0, sqlResults.length);
  const memoryTopK = sample.map((request) => matchFacilities(request, index).matches);
  let same = 0;
  sample.forEach((request, position) => {
    if (isDeepStrictEqual(matchFacilities(request, snapshots).matches, memoryTopK[position])) same += 1;
  });
  const agreement = compareTopK(sample, memoryTopK, sqlResults);

  // The matcher's own state: rebuilt from the four facility topics, then kept current by capacity events.
  progress.log(`${label}: matcher state, rebuilding from ${formatInt(facilities.length * 4)} facility events (decode + validate + apply)`);
  const rebuilt = rebuildState(facilities, asOf.toISOString(), (done) => {
    if (done % 25_000 === 0 || done === facilities.length) progress.log(`${label}: matcher state, ${formatInt(done)} facilities rebuilt`);
  });
  const storeMatchesBench = sameSnapshots(rebuilt.store, facilities, Math.min(2_000, facilities.length), new Prng(CONFIG.seed + 7));
  progress.log(
    `${label}: matcher state, applying ${formatInt(CONFIG.capacityUpdates)} facility.capacity.v2 updates, ` +
      `then ${formatInt(CONFIG.decodedCapacityUpdates)} from bytes`,
  );
  const updates = measureCapacityUpdates(
    rebuilt.store,
    facilities,
    CONFIG.capacityUpdates,
    CONFIG.decodedCapacityUpdates,
    new Prng(CONFIG.seed + 11),
    asOf.getTime(),
  );
  const { store: _store, ...rebuild } = rebuilt;
  rebuilt.store.clear();

  return {
    key,
    label,
    facilities: facilities.length,
    bedLines,
    indexLatency: summarize(indexRun.all),
    indexLatencyBest: summarize(indexRun.best),
    indexLatencyMatched: summarize(indexRun.all.filter((_, position) => indexRun.matches[position]! > 0)),
    indexLatencyNoMatch: summarize(indexRun.all.filter((_, position) => indexRun.matches[position] === 0)),
    slowest: slowestReferrals(requests, index, indexRun),
    noMatchShare: indexRun.matches.filter((count) => count === 0).length / indexRun.matches.length,
    meanMatches: indexRun.matches.reduce((sum, count) => sum + count, 0) / indexRun.matches.length,
    arrayLatency: summarize(arrayRun.all),
    sqlLatency: summarize(sqlMicros),
    agreement,
    indexEqualsArray: { same, of: sample.length },
    updates,
    rebuild,
    storeMatchesBench,
    sqlLoadMillis,
  };
}

function report(results: readonly DatasetResult[], notes: readonly string[], load: { before: number[]; after: number[] }): string {
  const us = (value: number): string => formatFigure(value);
  const ms = (micros: number): string => formatFigure(micros / 1000);
  const ratio = (value: number): string => `${formatFigure(value)}×`;
  const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);

  const main = renderTable([
    [
      'dataset',
      'facilities',
      'mem p50 µs',
      'mem p99 µs',
      'SQL p50 ms',
      'SQL p99 ms',
      'p50 ratio',
      'p99 ratio',
      'agreement',
      'updates/s',
      'rebuild ms',
    ],
    ...results.map((r) => [
      r.label,
      formatInt(r.facilities),
      us(r.indexLatency.p50),
      us(r.indexLatency.p99),
      ms(r.sqlLatency.p50),
      ms(r.sqlLatency.p99),
      ratio(r.sqlLatency.p50 / r.indexLatency.p50),
      ratio(r.sqlLatency.p99 / r.indexLatency.p99),
      pct(r.agreement.identical, r.agreement.sample),
      formatInt(r.updates.appliedPerSecond),
      formatInt(r.rebuild.decodeApplyMillis),
    ]),
  ]);

  const memory = renderTable([
    [
      'in memory (µs)',
      'referrals',
      'p50',
      'p95',
      'p99',
      'max',
      `best-of-${CONFIG.passes} p50`,
      `best-of-${CONFIG.passes} p99`,
      'matched p99',
      'no-match p99',
      'array refs',
      'array p50',
      'array p99',
    ],
    ...results.map((r) => [
      r.label,
      formatInt(r.indexLatency.count),
      us(r.indexLatency.p50),
      us(r.indexLatency.p95),
      us(r.indexLatency.p99),
      us(r.indexLatency.max),
      us(r.indexLatencyBest.p50),
      us(r.indexLatencyBest.p99),
      us(r.indexLatencyMatched.p99),
      us(r.indexLatencyNoMatch.p99),
      formatInt(r.arrayLatency.count),
      us(r.arrayLatency.p50),
      us(r.arrayLatency.p99),
    ]),
  ]);

  const sqlAndState = renderTable([
    [
      'SQL and matcher state',
      'SQL refs',
      'SQL p50 ms',
      'SQL p95 ms',
      'SQL p99 ms',
      'SQL max ms',
      'updates/s',
      'decode+apply/s',
      'rebuild ms',
      'rebuild apply-only ms',
      'events',
    ],
    ...results.map((r) => [
      r.label,
      formatInt(r.sqlLatency.count),
      ms(r.sqlLatency.p50),
      ms(r.sqlLatency.p95),
      ms(r.sqlLatency.p99),
      ms(r.sqlLatency.max),
      formatInt(r.updates.appliedPerSecond),
      formatInt(r.updates.decodedPerSecond),
      formatInt(r.rebuild.decodeApplyMillis),
      formatInt(r.rebuild.applyOnlyMillis),
      formatInt(r.rebuild.events),
    ]),
  ]);

  const real = results.find((r) => r.key === 'real');
  const lines: string[] = ['', 'RESULTS', '', main, '', memory, '', sqlAndState, ''];
  lines.push('Targets');
  if (real) {
    const p99 = real.indexLatency.p99;
    lines.push(
      `  in-memory p99 < 1 ms on the real directory: ${us(p99)} µs → ${p99 < 1000 ? 'HOLDS' : 'MISSED'}` +
        ` (best-of-${CONFIG.passes} p99 ${us(real.indexLatencyBest.p99)} µs → ` +
        `${real.indexLatencyBest.p99 < 1000 ? 'holds' : 'missed'} without interference)`,
    );
  }
  for (const r of results) {
    const p50 = r.sqlLatency.p50 / r.indexLatency.p50;
    const p99 = r.sqlLatency.p99 / r.indexLatency.p99;
    lines.push(
      `  ≥ 20× faster than SQL (${r.label}): p50 ${ratio(p50)}, p99 ${ratio(p99)} → ${p50 >= 20 && p99 >= 20 ? 'HOLDS' : 'MISSED'}`,
    );
  }
  lines.push('', 'Checks');
  for (const r of results) {
    lines.push(
      `  ${r.label}: SQL top-${CONFIG.matchLimit} = in-memory top-${CONFIG.matchLimit} ` +
        `on ${r.agreement.identical}/${r.agreement.sample} referrals` +
        ` (${r.agreement.tieOrder} differ only in the order of facilities with equal rounded score and distance,` +
        ` ${r.agreement.other} otherwise);` +
        ` grid index = plain array on ${r.indexEqualsArray.same}/${r.indexEqualsArray.of};` +
        ` rebuilt store = bench snapshots: ${r.storeMatchesBench ? 'yes' : 'NO'};` +
        ` events rejected on rebuild: ${r.rebuild.rejected}${r.rebuild.firstRejection ? ` (${r.rebuild.firstRejection})` : ''}`,
    );
    for (const example of r.agreement.examples) lines.push(example.replace(/^/gm, '    '));
  }
  lines.push('', 'Where the in-memory time goes');
  for (const r of results) {
    lines.push(
      `  ${r.label}: ${formatFigure(r.meanMatches)} matches per referral on average; ` +
        `${(100 * r.noMatchShare).toFixed(1)} % match nothing and also compute` +
        ` widening suggestions (no-match p50 ${us(r.indexLatencyNoMatch.p50)} µs vs matched p50 ${us(r.indexLatencyMatched.p50)} µs).` +
        ` Slowest 1 % (${r.slowest.count} referrals, median ${us(r.slowest.medianMicros)} µs best-of-${CONFIG.passes}):` +
        ` ${r.slowest.noMatch} match nothing;` +
        ` the grid hands them a median ${formatInt(r.slowest.medianRead)} facilities to evaluate` +
        ` (all referrals: ${formatInt(r.slowest.medianReadAll)}).`,
    );
  }
  lines.push('', 'Notes');
  for (const r of results) {
    lines.push(
      `  ${r.label}: ${formatInt(r.facilities)} facilities, ${formatInt(r.bedLines)} bed lines; ` +
        `SQL load and indexing ${formatInt(r.sqlLoadMillis)} ms`,
    );
  }
  const loads = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  lines.push(
    `  ${cpus().length} CPUs; load average (1, 5, 15 min) ${loads(load.before)} at the start, ${loads(load.after)} at the end: ` +
      `other work on the machine shows in p99/max.`,
  );
  lines.push(...notes.map((note) => `  ${note}`));
  return lines.join('\n');
}

async function main(): Promise<void> {
  // Now, to the second: bed lines are confirmed at `now`; referrals are evaluated 30 minutes later.
  const loadBefore = loadavg();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const asOf = new Date(now.getTime() + 30 * 60_000);
  progress.log(`seed ${CONFIG.seed}; bed counts confirmed at ${now.toISOString()}, referrals evaluated at ${asOf.toISOString()}`);

  progress.log(`reading ${DIRECTORY_FILE.slice(ROOT.length + 1)} (mapSamhsaRow, zipcodes geocoder, demo bed counts)`);
  const directory = await loadRealDirectory(DIRECTORY_FILE, now, (rows) => progress.log(`  ${formatInt(rows)} rows read`));
  progress.log(
    `real directory: ${formatInt(directory.facilities.length)} facilities from ${formatInt(directory.rowsRead)} rows ` +
      `(${directory.rejected} rejected)`,
  );

  const referrals = makeReferrals(directory.facilities, CONFIG.referrals, new Prng(CONFIG.seed));
  progress.log(`${formatInt(referrals.length)} seeded referrals`);

  progress.log(`PostgreSQL: (re)creating ${new URL(CONFIG.databaseUrl).pathname.slice(1)}`);
  await recreateDatabase(CONFIG.databaseUrl);
  const client = new pg.Client({ connectionString: CONFIG.databaseUrl });
  await client.connect();
  const serverVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;

  const results: DatasetResult[] = [];
  try {
    results.push(await runDataset('real', 'real 12k', directory.facilities, referrals, asOf, client));
    progress.log(`synthesizing ${formatInt(CONFIG.syntheticFacilities)} facilities from the real ones (±0.3°, new ids, varied beds)`);
    const synthetic = synthesize(directory.facilities, CONFIG.syntheticFacilities, new Prng(CONFIG.seed + 1), asOf);
    results.push(
      await runDataset('synthetic', `synthetic ${Math.round(CONFIG.syntheticFacilities / 1000)}k`, synthetic, referrals, asOf, client),
    );
  } finally {
    await client.end();
    if (!CONFIG.keepDatabase) await dropDatabase(CONFIG.databaseUrl);
  }

  const notes = [
    `Node ${process.version}, PostgreSQL ${serverVersion}; in-memory and SQL timings are sequential, one call at a time; ` +
      `SQL over one connection, prepared statement, client-side time.`,
    `Referral counts: in memory ${formatInt(CONFIG.referrals)} per dataset ` +
      `(after ${formatInt(CONFIG.warmUpReferrals)} warm-up calls; ${CONFIG.passes} timed passes, headline figures from the first); ` +
      `plain array ${CONFIG.arrayReferrals.real} (real) and ${CONFIG.arrayReferrals.synthetic} (synthetic); ` +
      `SQL ${CONFIG.sqlReferrals.real} (real) and ${CONFIG.sqlReferrals.synthetic} (synthetic), fewer to bound the run; ` +
      `agreement on the first ${CONFIG.agreementSample}.`,
    'The in-memory figure is the whole matchFacilities call ' +
      '(exclusion counts, nearest exclusions, widening suggestions when nothing fits); the SQL statement returns only the ranked top-K.',
    `updates/s: pre-built facility.capacity.v2 envelopes through FacilityStateStore.applyCapacity ` +
      `(${formatInt(CONFIG.capacityUpdates)}, first fifth untimed); ` +
      `decode+apply/s: the same from bytes through decodeEvent (${formatInt(CONFIG.decodedCapacityUpdates)}).`,
    'rebuild ms: four events per facility (profile, capacity, accreditation, insurance) decoded with validation and applied; ' +
      'apply-only: the same as ready objects.',
  ];
  const text = report(results, notes, { before: loadBefore, after: loadavg() });
  console.log(text);
  const resultsDir = resolve(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const file = resolve(resultsDir, `match-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ config: CONFIG, now: now.toISOString(), asOf: asOf.toISOString(), results }, null, 2));
  progress.log(`done; figures also in ${file.slice(ROOT.length + 1)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
