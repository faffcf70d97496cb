import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { v5 as uuidV5 } from 'uuid';
import {
  LEVELS_OF_CARE,
  type AgeGroup,
  type BedCountValue,
  type BedType,
  type CredentialValue,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type MedicationService,
  type Operator,
  type Payer,
  type Population,
  type ProgramValue,
  type Substance,
  type SupportService,
  type Therapy,
} from '#contracts';
import type { FacilitySnapshot } from '#matching';
import { demoBedCount } from '../../apps/facility-registry/src/facilities/import-directory/demo-beds.js';
import { mapSamhsaRow, type SamhsaRow } from '../../apps/facility-registry/src/facilities/import-directory/samhsa-row.mapper.js';
import { zipcodesGeocoder } from '../../apps/facility-registry/src/facilities/zip-geocoder.js';
import type { Prng } from './prng.js';

/** Namespace for the bench's facility ids (UUID v5 of the source reference or the copy number). */
const FACILITY_ID_NAMESPACE = '0c5f4a9e-3b8d-4f7a-9a61-2d7e5b1c8f30';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * One facility as the registry holds it: everything the four facility topics carry. The in-memory
 * snapshot, the SQL rows and the Kafka events are all derived from this one record, so the three
 * sides work on the same data.
 */
export interface BenchFacility {
  readonly facilityId: string;
  readonly sourceRef: string;
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly phone: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly active: boolean;
  readonly programs: readonly ProgramValue[];
  readonly levelsOfCare: readonly LevelOfCare[];
  readonly medications: readonly Medication[];
  readonly continuesExternalMedication: boolean | null;
  /** Prescribing, withdrawal-only use and stated refusals (UB, UN, PMAT, ACMA, NMOA, NMAUT, DB, DM, …). */
  readonly medicationServices: readonly MedicationService[];
  /** NAUT, NOOP. */
  readonly substancesNotTreated: readonly Substance[];
  /** OUDO, AUDO. */
  readonly servesOnlyClientsWith: readonly Substance[];
  /** ADTX, BDTX, ODTX, CDTX, MDTX. */
  readonly withdrawalManaged: readonly Substance[];
  readonly operators: readonly Operator[];
  readonly supportServices: readonly SupportService[];
  readonly therapies: readonly Therapy[];
  readonly populations: readonly Population[];
  readonly gendersAccepted: readonly Gender[];
  readonly ageGroupsAccepted: readonly AgeGroup[];
  readonly languages: readonly Language[];
  /** Empty when the directory lists no payment option: "payment information not on file". */
  readonly payers: readonly Payer[];
  /** Licences and accreditations; a facility may have no licence on file (kept, ranked below). */
  readonly credentials: readonly CredentialValue[];
  readonly beds: readonly BedCountValue[];
}

export interface RealDirectory {
  readonly facilities: BenchFacility[];
  readonly rowsRead: number;
  readonly rejected: number;
}

/**
 * The national directory as `npm run import:directory -- --demo-beds` loads it: every row through
 * `mapSamhsaRow` with the `zipcodes` geocoder, one general bed line per program with the demo count
 * of `demoBedCount`, confirmed at `now`, and the listed credentials active without expiry.
 */
export async function loadRealDirectory(file: string, now: Date, onProgress?: (rows: number) => void): Promise<RealDirectory> {
  const parser = createReadStream(file)
    .pipe(createGunzip())
    .pipe(parse({ columns: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  const facilities: BenchFacility[] = [];
  const confirmedAt = now.toISOString();
  let rowsRead = 0;
  let rejected = 0;
  for await (const record of parser as AsyncIterable<SamhsaRow>) {
    rowsRead += 1;
    if (rowsRead % 4000 === 0) onProgress?.(rowsRead);
    const mapped = mapSamhsaRow(record, zipcodesGeocoder);
    if (!mapped.ok) {
      rejected += 1;
      continue;
    }
    const row = mapped.facility;
    const beds: BedCountValue[] = LEVELS_OF_CARE.filter((level) => row.levelsOfCare.includes(level)).map((levelOfCare) => ({
      levelOfCare,
      bedType: 'general',
      ...demoBedCount(row.sourceRef, levelOfCare),
      waitlist: false,
      typicalWaitDays: null,
      confirmedAt,
    }));
    facilities.push({
      facilityId: uuidV5(row.sourceRef, FACILITY_ID_NAMESPACE),
      sourceRef: row.sourceRef,
      name: row.name,
      street: row.street,
      city: row.city,
      state: row.state,
      zip: row.zip,
      phone: row.phone,
      latitude: row.latitude,
      longitude: row.longitude,
      active: true,
      programs: row.programs.map((program) => ({
        levelOfCare: program.levelOfCare,
        asamEdition: null,
        asamLevel: null,
        lengthOfStayDays: null,
        hoursPerWeek: null,
      })),
      levelsOfCare: row.levelsOfCare,
      medications: row.medications,
      continuesExternalMedication: row.continuesExternalMedication,
      medicationServices: row.medicationServices,
      substancesNotTreated: row.substancesNotTreated,
      servesOnlyClientsWith: row.servesOnlyClientsWith,
      withdrawalManaged: row.withdrawalManaged,
      operators: row.operators,
      supportServices: row.supportServices,
      therapies: row.therapies,
      populations: row.populations,
      gendersAccepted: row.gendersAccepted,
      ageGroupsAccepted: row.ageGroupsAccepted,
      languages: row.languages,
      payers: row.payers,
      // As the directory import records them: listed by SAMHSA, so they count in matching.
      credentials: row.credentials.map((credential) => ({ ...credential, verification: 'directory-listed' as const })),
      beds,
    });
  }
  return { facilities, rowsRead, rejected };
}

/** How a program's beds are split into bed lines in the synthetic set. */
const BED_SPLITS: readonly (readonly [readonly BedType[], number])[] = [
  [['general'], 0.7],
  [['male', 'female'], 0.2],
  [['general', 'adolescent'], 0.1],
];

function syntheticBedLine(prng: Prng, levelOfCare: LevelOfCare, bedType: BedType, asOf: Date): BedCountValue {
  const staffed = prng.int(2, 40);
  const available = prng.chance(1 / 3) ? 0 : prng.int(1, Math.min(staffed, 12));
  const opening72h = Math.min(staffed - available, prng.int(0, 4));
  const opening24h = Math.min(opening72h, prng.int(0, 2));
  const waitlist = available === 0 && prng.chance(0.5);
  return {
    levelOfCare,
    bedType,
    staffed,
    available,
    opening24h,
    opening72h,
    waitlist,
    typicalWaitDays: waitlist && prng.chance(0.7) ? prng.int(1, 21) : null,
    // Confirmed some time in the last 30 hours, whole milliseconds: about a fifth are stale at 24 h.
    confirmedAt: new Date(asOf.getTime() - Math.floor(prng.uniform(0, 30) * HOUR_MS)).toISOString(),
  };
}

/**
 * `count` copies of real facilities (round robin over the directory), each moved by up to ±0.3° in
 * latitude and longitude, with a new id and its own bed board: varied counts, some programs split
 * into male/female or general/adolescent lines, confirmation times spread over the last 30 hours.
 * A few copies are inactive or carry an expiry date (some passed) or a suspended credential, so the
 * SQL baseline and the in-memory rules are compared on every rule, not only the common ones.
 */
export function synthesize(real: readonly BenchFacility[], count: number, prng: Prng, asOf: Date): BenchFacility[] {
  const copies: BenchFacility[] = [];
  const asOfDay = Date.parse(asOf.toISOString().slice(0, 10));
  for (let index = 0; index < count; index += 1) {
    const original = real[index % real.length]!;
    const latitude = Math.max(-89.9, Math.min(89.9, original.latitude + prng.uniform(-0.3, 0.3)));
    let longitude = original.longitude + prng.uniform(-0.3, 0.3);
    if (longitude > 180) longitude -= 360;
    if (longitude < -180) longitude += 360;
    const beds: BedCountValue[] = [];
    for (const levelOfCare of LEVELS_OF_CARE) {
      if (!original.levelsOfCare.includes(levelOfCare)) continue;
      for (const bedType of prng.weighted(BED_SPLITS)) beds.push(syntheticBedLine(prng, levelOfCare, bedType, asOf));
    }
    const dated = prng.chance(0.15);
    const credentials: CredentialValue[] = original.credentials.map((credential) => ({
      ...credential,
      status: prng.chance(0.03) ? 'suspended' : credential.status,
      expiresOn: dated ? new Date(asOfDay + prng.int(-60, 300) * DAY_MS).toISOString().slice(0, 10) : null,
    }));
    const sourceRef = `synthetic:${index}`;
    copies.push({
      ...original,
      facilityId: uuidV5(sourceRef, FACILITY_ID_NAMESPACE),
      sourceRef,
      latitude,
      longitude,
      active: !prng.chance(0.02),
      credentials,
      beds,
    });
  }
  return copies;
}

/** The facility as the matcher holds it, built exactly as FacilityStateStore builds it from the events. */
export function toSnapshot(facility: BenchFacility): FacilitySnapshot {
  return {
    facilityId: facility.facilityId,
    name: facility.name,
    city: facility.city,
    state: facility.state,
    latitude: facility.latitude,
    longitude: facility.longitude,
    active: facility.active,
    levelsOfCare: [...new Set<LevelOfCare>(facility.programs.map((program) => program.levelOfCare))],
    medications: facility.medications,
    continuesExternalMedication: facility.continuesExternalMedication ?? null,
    medicationServices: facility.medicationServices,
    substancesNotTreated: facility.substancesNotTreated,
    servesOnlyClientsWith: facility.servesOnlyClientsWith,
    withdrawalManaged: facility.withdrawalManaged,
    operators: facility.operators,
    supportServices: facility.supportServices,
    therapies: facility.therapies,
    populations: facility.populations,
    gendersAccepted: facility.gendersAccepted,
    ageGroupsAccepted: facility.ageGroupsAccepted,
    languages: facility.languages,
    payers: facility.payers,
    credentials: facility.credentials.map((credential) => ({
      type: credential.type,
      status: credential.status,
      expiresOn: credential.expiresOn ?? null,
      verification: credential.verification,
    })),
    beds: facility.beds.map((bed) => ({
      levelOfCare: bed.levelOfCare,
      bedType: bed.bedType,
      staffed: bed.staffed,
      available: bed.available,
      opening24h: bed.opening24h,
      opening72h: bed.opening72h,
      waitlist: bed.waitlist,
      typicalWaitDays: bed.typicalWaitDays ?? null,
      confirmedAt: bed.confirmedAt,
    })),
  };
}
