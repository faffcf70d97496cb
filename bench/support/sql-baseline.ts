import pg from 'pg';
import { DRUG_OF_MEDICATION, MEDICATIONS, type Medication, type MedicationDrug } from '#contracts';
import type { MatchRequest } from '#matching';
import { BEDS_FOR_FULL_SCORE, FRESHNESS_HORIZON_HOURS, RANKING_WEIGHTS } from '#matching';
import type { BenchFacility } from './directory.js';

/**
 * How the statement finds the facilities near the patient: a bounding box over a btree on (latitude,
 * longitude), or PostGIS, ST_DWithin over a GiST index on a geography column.
 */
export type SpatialFilter = 'box' | 'postgis';

/** What one SQL match returns: the ranked facility ids with the figures the ranking used. */
export interface SqlMatch {
  readonly facilityId: string;
  readonly levelOfCare: string;
  readonly distanceMiles: number;
  readonly bedsAvailable: number;
  readonly score: number;
  /** The ranking tiers above the score: MOUD offered (pregnant patient using opioids), a licence on file. */
  readonly moudFirst: boolean;
  readonly licenceOnFile: boolean;
}

const LOAD_BATCH = 5_000;

/** Creates (or re-creates) the bench database on the server of `url`. */
export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  } finally {
    await client.end();
  }
}

/** A text[] literal for the statement, from the shared vocabulary. */
const textArray = (values: readonly string[]): string => `'{${values.join(',')}}'::text[]`;

/** Every form of methadone and buprenorphine: what "offers MOUD" means for the pregnancy ranking tier. */
const MOUD_OFFERED = MEDICATIONS.filter((medication) => ['methadone', 'buprenorphine'].includes(DRUG_OF_MEDICATION[medication]));

/**
 * What the statement needs to know about a medication the patient continues or starts, worked out
 * from the vocabulary (DRUG_OF_MEDICATION) as a service would before querying: its drug, every form of
 * that drug, and the forms compatible with it (same drug, and the patient's or the facility's value
 * states no form, or both state the same one).
 */
function medicationParameters(
  medication: Medication | null | undefined,
): [Medication | null, MedicationDrug | null, Medication[], Medication[]] {
  if (!medication) return [null, null, [], []];
  const drug = DRUG_OF_MEDICATION[medication];
  const forms = MEDICATIONS.filter((candidate) => DRUG_OF_MEDICATION[candidate] === drug);
  const compatible = forms.filter((form) => medication === drug || form === drug || form === medication);
  return [medication, drug, forms, compatible];
}

/** The same without every form of the drug, which the rule for a medication to continue does not read. */
function continuedMedicationParameters(
  medication: Medication | null | undefined,
): [Medication | null, MedicationDrug | null, Medication[]] {
  const [value, drug, , compatible] = medicationParameters(medication);
  return [value, drug, compatible];
}

/**
 * The same hard rules and ranking as libs/matching, as one SQL statement over plain tables. Arrays
 * hold the facility's levels, payers, populations, medications, medication services, substances not
 * treated or served only, withdrawal managed, operators and support services; bed lines and
 * credentials are child tables. Parameters: $1 latitude, $2 longitude, $3 distance limit (mi),
 * $4 acceptable levels (best first), $5 next-step levels, $6 payer, $7 gender, $8 age band, $9 pregnant,
 * $10 co-occurring, $11 court order ('dui', 'other' or null), $12 substances, $13 requested level,
 * $14–$16 medication to continue (the medication, its drug, the forms compatible with it),
 * $17–$20 medication to start (the medication, its drug, every form of the drug, the compatible forms),
 * $21 beds for children, $22 childcare, $23 language, $24 accreditation required, $25 asOf,
 * $26 asOf's UTC date, $27 stale-after hours, $28 limit.
 */
function matchSql(schema: string, spatial: SpatialFilter): string {
  const w = (value: number): string => `${value}::float8`;
  // MOUD refused: the facility uses no medication for opioid use disorder (NMOA) or does not treat opioids (NOOP).
  const refusesMoud = `('no-opioid-medication' = ANY (f.medication_services) OR 'opioids' = ANY (f.substances_not_treated))`;
  const refusesAlcoholMedication = `'no-alcohol-medication' = ANY (f.medication_services)`;
  const opioidsNamed = `'opioids' = ANY ($12::text[])`;
  const otp = `'opioid-treatment-program' = ANY (f.levels_of_care)`;
  return `
SELECT f.facility_id::text AS facility_id, best.level, best.available::int AS available,
       floor(d.distance * 10 + 0.5) / 10 AS distance, floor(s.score * 10000 + 0.5) / 10000 AS score,
       cr.licences > 0 AS licence_on_file, t.moud_first
FROM ${schema}.facilities f
CROSS JOIN LATERAL (
  -- Haversine, written as libs/matching/src/geo-distance.ts computes it.
  SELECT 7917.6::float8 * asin(least(1::float8, sqrt(
           sin((f.latitude - $1::float8) * pi() / 180 / 2) ^ 2
         + cos($1::float8 * pi() / 180) * cos(f.latitude * pi() / 180) * sin((f.longitude - $2::float8) * pi() / 180 / 2) ^ 2
         ))) AS distance
) d
CROSS JOIN LATERAL (
  -- The first acceptable level (the requested one first) the facility offers with a free bed: fresh
  -- bed lines whose type fits the patient, summed.
  SELECT l.level, sum(b.available) AS available, max(b.confirmed_at) AS last_confirmed
  FROM unnest($4::text[]) WITH ORDINALITY AS l(level, ord)
  JOIN ${schema}.bed_lines b ON b.facility_id = f.facility_id AND b.level_of_care = l.level
  WHERE l.level = ANY (f.levels_of_care)
    AND b.confirmed_at >= $25::timestamptz - make_interval(hours => $27::int)
    AND (b.bed_type = 'general'
         OR (b.bed_type = 'adolescent' AND $8::text = 'under-18')
         OR (b.bed_type = $7::text AND $8::text <> 'under-18'))
  GROUP BY l.ord, l.level
  HAVING sum(b.available) >= 1
  ORDER BY l.ord
  LIMIT 1
) best
CROSS JOIN LATERAL (
  -- Licences (state or hospital licensing authority) on file and valid ones; valid accreditations.
  SELECT count(*) FILTER (WHERE c.type IN ('state-licence', 'hospital-licence')) AS licences,
         count(*) FILTER (WHERE c.type IN ('state-licence', 'hospital-licence') AND c.valid) AS valid_licences,
         count(*) FILTER (WHERE c.type IN ('carf', 'joint-commission', 'coa', 'ncqa', 'hfap') AND c.valid) AS valid_accreditations
  FROM (SELECT type, status = 'active' AND (expires_on IS NULL OR expires_on >= $26::date) AS valid
        FROM ${schema}.credentials WHERE facility_id = f.facility_id) c
) cr
CROSS JOIN LATERAL (
  SELECT ${w(RANKING_WEIGHTS.distance)} * (1 - d.distance / $3::float8)
       + ${w(RANKING_WEIGHTS.bedsAvailable)} * least(1::float8, best.available::float8 / ${BEDS_FOR_FULL_SCORE})
       + ${w(RANKING_WEIGHTS.freshness)} * greatest(0::float8, 1 - greatest(0::float8,
             ((extract(epoch FROM $25::timestamptz) - extract(epoch FROM best.last_confirmed)) * 1000)::float8 / 3600000)
             / ${FRESHNESS_HORIZON_HOURS})
       + ${w(RANKING_WEIGHTS.continuity)} * (CASE WHEN f.levels_of_care && $5::text[] THEN 1 ELSE 0 END) AS score
) s
CROSS JOIN LATERAL (
  -- A pregnant patient who uses opioids: facilities offering MOUD (methadone or buprenorphine) first.
  SELECT $9::boolean AND ${opioidsNamed} AND f.medications && ${textArray(MOUD_OFFERED)} AS moud_first
) t
WHERE f.active
  ${spatialFilter(spatial)}
  AND d.distance <= $3::float8
  AND f.levels_of_care && $4::text[]
  -- payer: no payment information on file never excludes; VA coverage is never decided from the directory.
  AND (cardinality(f.payers) = 0 OR CASE $6::text
         WHEN 'uninsured' THEN f.payers && '{sliding-fee,payment-assistance,scholarship,no-charge,government-funding,block-grant}'::text[]
         WHEN 'ihs-tribal' THEN 'ihs-tribal-funds' = ANY (f.payers) OR f.operators && '{indian-health-service,tribal}'::text[]
         WHEN 'va' THEN true
         ELSE $6::text = ANY (f.payers) END)
  -- credential: no licence on file is kept (and ranked below); licences on file need a valid one.
  AND (cr.licences = 0 OR cr.valid_licences > 0)
  AND (NOT $24::boolean OR cr.valid_accreditations > 0)
  AND (cardinality(f.genders_accepted) = 0 OR $7::text = ANY (f.genders_accepted))
  AND (cardinality(f.age_groups_accepted) = 0 OR f.age_groups_accepted && CASE
         WHEN $8::text = 'under-18' THEN '{children-adolescents}'::text[]
         WHEN $8::text = '18-25' THEN '{young-adults,adults}'::text[]
         WHEN $8::text = '65-and-over' THEN '{seniors,adults}'::text[]
         ELSE '{adults}'::text[] END)
  AND (NOT $9::boolean OR 'pregnant-postpartum' = ANY (f.populations))
  AND (NOT $10::boolean OR f.populations && '{co-occurring,co-occurring-serious-mental-illness}'::text[])
  -- court order: DUI/DWI programmes for a DUI order, criminal justice for another; DUI-only programmes for DUI orders only.
  AND CASE $11::text
        WHEN 'dui' THEN f.populations && '{dui-dwi,dui-dwi-only}'::text[]
        WHEN 'other' THEN 'criminal-justice' = ANY (f.populations) AND NOT 'dui-dwi-only' = ANY (f.populations)
        ELSE NOT 'dui-dwi-only' = ANY (f.populations) END
  -- substance: none of the named substances refused; a facility serving only one disorder needs it named.
  AND NOT f.substances_not_treated && $12::text[]
  AND (cardinality(f.serves_only_clients_with) = 0 OR f.serves_only_clients_with && $12::text[])
  -- withdrawal, for a detox request: each named substance with a withdrawal code managed (none on file: kept).
  AND ($13::text NOT IN ('detox-hospital', 'detox-residential', 'detox-outpatient')
       OR cardinality(f.withdrawal_managed) = 0
       OR f.withdrawal_managed @> ARRAY(SELECT x FROM unnest($12::text[]) AS x
                                        WHERE x IN ('alcohol', 'sedatives', 'opioids', 'stimulants')))
  -- medication to continue
  AND CASE
        WHEN $14::text IS NULL THEN true
        WHEN $15::text = 'methadone' THEN NOT ${refusesMoud}
          AND (('methadone' = ANY (f.medications)
                AND f.levels_of_care && '{opioid-treatment-program,detox-hospital,hospital-inpatient}'::text[])
               OR f.continues_external_medication IS TRUE)
        WHEN $15::text = 'buprenorphine' OR ($15::text = 'naltrexone' AND ${opioidsNamed}) THEN NOT ${refusesMoud}
          AND (f.medications && $16::text[] OR f.continues_external_medication IS TRUE)
        -- alcohol medication: acamprosate, disulfiram, naltrexone when no opioids are named
        ELSE NOT ${refusesAlcoholMedication}
          AND (f.medications && $16::text[] OR 'accepts-external-alcohol-medication' = ANY (f.medication_services))
      END
  -- medication to start
  AND CASE
        WHEN $17::text IS NULL THEN true
        WHEN $18::text = 'methadone' THEN NOT ${refusesMoud} AND ${otp} AND 'methadone' = ANY (f.medications)
        WHEN $18::text = 'buprenorphine' THEN NOT ${refusesMoud}
          AND ('prescribes-buprenorphine' = ANY (f.medication_services) OR (${otp} AND f.medications && $19::text[]))
          AND ($17::text = $18::text OR f.medications && $20::text[])
        WHEN $18::text = 'naltrexone' THEN (CASE WHEN ${opioidsNamed} THEN NOT ${refusesMoud} ELSE NOT ${refusesAlcoholMedication} END)
          AND ('prescribes-naltrexone' = ANY (f.medication_services)
               OR (${otp} AND f.medications && $19::text[])
               OR (NOT ${opioidsNamed} AND 'prescribes-alcohol-medication' = ANY (f.medication_services) AND f.medications && $19::text[]))
          AND ($17::text = $18::text OR f.medications && $20::text[])
        -- acamprosate, disulfiram
        ELSE NOT ${refusesAlcoholMedication} AND $17::text = ANY (f.medications)
      END
  -- parenting
  AND (NOT $21::boolean OR 'residential-beds-for-children' = ANY (f.support_services))
  AND (NOT $22::boolean OR 'childcare' = ANY (f.support_services))
  AND ($23::text IS NULL OR $23::text = 'english' OR $23::text = ANY (f.languages))
-- MOUD first for a pregnant patient who uses opioids, then licence on file before licence not on file,
-- then score and distance rounded as the matcher rounds them (4 and 1 places), then the id.
ORDER BY t.moud_first DESC, cr.licences > 0 DESC, floor(s.score * 10000 + 0.5) DESC, floor(d.distance * 10 + 0.5), f.facility_id
LIMIT $28::int`;
}

/**
 * Narrows the facilities to those near the patient; the haversine (d.distance) then decides, as the
 * matcher measures on a sphere.
 */
function spatialFilter(spatial: SpatialFilter): string {
  if (spatial === 'postgis') {
    // ST_DWithin on the WGS 84 spheroid, which the GiST index answers; a geodesic is at most about 0.5 %
    // longer than the great circle on the matcher's sphere, so 1 % more leaves out no facility within reach.
    return `-- PostGIS: the GiST index on geog finds the candidates (antimeridian included).
  AND ST_DWithin(f.geog, ST_SetSRID(ST_MakePoint($2::float8, $1::float8), 4326)::geography, $3::float8 * 1609.344 * 1.01)`;
  }
  return `-- Bounding box first, so the (latitude, longitude) index narrows the scan; the haversine decides.
  AND f.latitude BETWEEN $1::float8 - $3::float8 / 69.05 AND $1::float8 + $3::float8 / 69.05
  AND (abs(f.longitude - $2::float8) <= $3::float8 / (69.05 * cos(radians(least(89, abs($1::float8) + $3::float8 / 69.05))))
       -- across the antimeridian (Alaska, Guam and the Pacific territories)
       OR abs(f.longitude - $2::float8) >= 360 - $3::float8 / (69.05 * cos(radians(least(89, abs($1::float8) + $3::float8 / 69.05)))))`;
}

/** One dataset's tables in its own schema, and the prepared match statements over them. */
export class SqlBaseline {
  /**
   * @param postgis whether the tables get a geography column with a GiST index, for the PostGIS
   * statement (the extension must already be created in the database)
   */
  constructor(
    private readonly client: pg.Client,
    private readonly schema: string,
    private readonly postgis: boolean,
  ) {}

  sql(spatial: SpatialFilter): string {
    return matchSql(this.schema, spatial);
  }

  async create(): Promise<void> {
    const s = this.schema;
    await this.client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await this.client.query(`CREATE SCHEMA ${s}`);
    await this.client.query(`
      CREATE TABLE ${s}.facilities (
        facility_id uuid PRIMARY KEY,
        name text NOT NULL,
        city text NOT NULL,
        state char(2) NOT NULL,
        zip char(5) NOT NULL,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        active boolean NOT NULL,
        levels_of_care text[] NOT NULL,
        medications text[] NOT NULL,
        continues_external_medication boolean,
        medication_services text[] NOT NULL,
        substances_not_treated text[] NOT NULL,
        serves_only_clients_with text[] NOT NULL,
        withdrawal_managed text[] NOT NULL,
        operators text[] NOT NULL,
        support_services text[] NOT NULL,
        populations text[] NOT NULL,
        genders_accepted text[] NOT NULL,
        age_groups_accepted text[] NOT NULL,
        languages text[] NOT NULL,
        payers text[] NOT NULL
      )`);
    await this.client.query(`
      CREATE TABLE ${s}.bed_lines (
        facility_id uuid NOT NULL REFERENCES ${s}.facilities,
        level_of_care text NOT NULL,
        bed_type text NOT NULL,
        staffed int NOT NULL,
        available int NOT NULL,
        opening_24h int NOT NULL,
        opening_72h int NOT NULL,
        waitlist boolean NOT NULL,
        typical_wait_days int,
        confirmed_at timestamptz NOT NULL,
        PRIMARY KEY (facility_id, level_of_care, bed_type)
      )`);
    await this.client.query(`
      CREATE TABLE ${s}.credentials (
        facility_id uuid NOT NULL REFERENCES ${s}.facilities,
        type text NOT NULL,
        status text NOT NULL,
        expires_on date
      )`);
  }

  /** Loads the facilities in batches (JSON → rows), then adds the indexes and refreshes statistics. */
  async load(facilities: readonly BenchFacility[], onProgress?: (loaded: number) => void): Promise<void> {
    const s = this.schema;
    for (let start = 0; start < facilities.length; start += LOAD_BATCH) {
      const batch = facilities.slice(start, start + LOAD_BATCH);
      await this.client.query('BEGIN');
      await this.client.query(`INSERT INTO ${s}.facilities SELECT * FROM json_populate_recordset(NULL::${s}.facilities, $1::json)`, [
        JSON.stringify(
          batch.map((f) => ({
            facility_id: f.facilityId,
            name: f.name,
            city: f.city,
            state: f.state,
            zip: f.zip,
            latitude: f.latitude,
            longitude: f.longitude,
            active: f.active,
            levels_of_care: [...new Set(f.programs.map((program) => program.levelOfCare))],
            medications: f.medications,
            continues_external_medication: f.continuesExternalMedication,
            medication_services: f.medicationServices,
            substances_not_treated: f.substancesNotTreated,
            serves_only_clients_with: f.servesOnlyClientsWith,
            withdrawal_managed: f.withdrawalManaged,
            operators: f.operators,
            support_services: f.supportServices,
            populations: f.populations,
            genders_accepted: f.gendersAccepted,
            age_groups_accepted: f.ageGroupsAccepted,
            languages: f.languages,
            payers: f.payers,
          })),
        ),
      ]);
      await this.client.query(`INSERT INTO ${s}.bed_lines SELECT * FROM json_populate_recordset(NULL::${s}.bed_lines, $1::json)`, [
        JSON.stringify(
          batch.flatMap((f) =>
            f.beds.map((bed) => ({
              facility_id: f.facilityId,
              level_of_care: bed.levelOfCare,
              bed_type: bed.bedType,
              staffed: bed.staffed,
              available: bed.available,
              opening_24h: bed.opening24h,
              opening_72h: bed.opening72h,
              waitlist: bed.waitlist,
              typical_wait_days: bed.typicalWaitDays,
              confirmed_at: bed.confirmedAt,
            })),
          ),
        ),
      ]);
      await this.client.query(`INSERT INTO ${s}.credentials SELECT * FROM json_populate_recordset(NULL::${s}.credentials, $1::json)`, [
        JSON.stringify(
          batch.flatMap((f) =>
            f.credentials.map((credential) => ({
              facility_id: f.facilityId,
              type: credential.type,
              status: credential.status,
              expires_on: credential.expiresOn ?? null,
            })),
          ),
        ),
      ]);
      await this.client.query('COMMIT');
      onProgress?.(Math.min(facilities.length, start + LOAD_BATCH));
    }
    // The indexes a reasonable engineer would add for this query: a btree for the bounding box,
    // GIN on the array columns the query filters with && / ANY, and the child tables by facility.
    // With PostGIS, where the facility is as a geography point, under a GiST index.
    if (this.postgis) {
      await this.client.query(`ALTER TABLE ${s}.facilities ADD COLUMN geog geography(Point, 4326)`);
      await this.client.query(`UPDATE ${s}.facilities SET geog = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography`);
      await this.client.query(`CREATE INDEX ON ${s}.facilities USING gist (geog)`);
    }
    await this.client.query(`CREATE INDEX ON ${s}.facilities (latitude, longitude)`);
    await this.client.query(`CREATE INDEX ON ${s}.facilities USING gin (levels_of_care)`);
    await this.client.query(`CREATE INDEX ON ${s}.facilities USING gin (payers)`);
    await this.client.query(`CREATE INDEX ON ${s}.facilities USING gin (populations)`);
    await this.client.query(`CREATE INDEX ON ${s}.credentials (facility_id)`);
    await this.client.query(`VACUUM ANALYZE ${s}.facilities`);
    await this.client.query(`VACUUM ANALYZE ${s}.bed_lines`);
    await this.client.query(`VACUUM ANALYZE ${s}.credentials`);
  }

  private parameters(request: MatchRequest): unknown[] {
    const needs = request.needs;
    return [
      request.origin.latitude,
      request.origin.longitude,
      request.maxDistanceMiles,
      request.acceptableLevels?.length ? request.acceptableLevels : [request.levelOfCare],
      request.nextStepLevels ?? [],
      request.payer,
      needs.gender,
      needs.ageBand,
      needs.pregnant,
      needs.coOccurringMentalIllness,
      needs.courtOrder ?? null,
      needs.substances,
      request.levelOfCare,
      ...continuedMedicationParameters(needs.medication),
      ...medicationParameters(needs.startMedication),
      needs.bedsForChildren ?? false,
      needs.childcare ?? false,
      needs.language ?? null,
      request.requireAccreditation ?? false,
      request.asOf.toISOString(),
      request.asOf.toISOString().slice(0, 10),
      request.staleAfterHours,
      request.limit ?? 20,
    ];
  }

  /** Runs the prepared match statement for one request, finding the facilities near the patient as `spatial` says. */
  async match(request: MatchRequest, spatial: SpatialFilter): Promise<SqlMatch[]> {
    const result = await this.client.query<{
      facility_id: string;
      level: string;
      available: number;
      distance: number;
      score: number;
      licence_on_file: boolean;
      moud_first: boolean;
    }>({
      name: `match_${spatial}_${this.schema}`,
      text: this.sql(spatial),
      values: this.parameters(request),
    });
    return result.rows.map((row) => ({
      facilityId: row.facility_id,
      levelOfCare: row.level,
      distanceMiles: row.distance,
      bedsAvailable: row.available,
      score: row.score,
      moudFirst: row.moud_first,
      licenceOnFile: row.licence_on_file,
    }));
  }

  /** EXPLAIN ANALYZE of a match statement for one request (for the README and for diagnosis). */
  async explain(request: MatchRequest, spatial: SpatialFilter): Promise<string> {
    const result = await this.client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${this.sql(spatial)}`,
      this.parameters(request),
    );
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  }
}
