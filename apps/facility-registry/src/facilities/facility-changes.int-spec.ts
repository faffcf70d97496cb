import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import {
  decodeEvent,
  Topic,
  type EventEnvelope,
  type FacilityAccreditationValue,
  type FacilityCapacityValue,
  type FacilityInsuranceValue,
  type PayloadTopic,
} from '#contracts';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../test/support/integration.js';
import { RegistryConfig, REGISTRY_SERVICE_NAME } from '../registry.config.js';
import { RegistryModule } from '../registry.module.js';
import { CreateFacilityCommand } from './create-facility/create-facility.command.js';
import { CreateFacilityHandler } from './create-facility/create-facility.handler.js';
import type { CreateFacilityRequestDto } from './create-facility/create-facility.request.dto.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from './database/facility.repository.port.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from './domain/facility-errors.js';
import type { FacilityProfileRequestDto } from './dtos/facility-profile.request.dto.js';
import { FacilityResponseDto } from './dtos/facility.response.dto.js';
import { ImportDirectoryCommand } from './import-directory/import-directory.command.js';
import { ImportDirectoryHandler } from './import-directory/import-directory.handler.js';
import { UpdateAccreditationsCommand } from './update-accreditations/update-accreditations.command.js';
import { UpdateAccreditationsHandler } from './update-accreditations/update-accreditations.handler.js';
import { UpdateCapacityCommand } from './update-capacity/update-capacity.command.js';
import { UpdateCapacityHandler } from './update-capacity/update-capacity.handler.js';
import { UpdateInsuranceCommand } from './update-insurance/update-insurance.command.js';
import { UpdateInsuranceHandler } from './update-insurance/update-insurance.handler.js';
import { UpdateProfileCommand } from './update-profile/update-profile.command.js';
import { UpdateProfileHandler } from './update-profile/update-profile.handler.js';

// Runs against the database `npm test` provides, next to the running registry: this spec keeps to a
// schema of its own. The module is never initialised, so the outbox relay does not run and nothing
// reaches Kafka; the outbox rows and the history table are what is checked.
const SCHEMA = freshSchema('it_changes');
const DIRECTORY_FILE = fileURLToPath(new URL('../../data/samhsa/facilities.csv.gz', import.meta.url));
const IMPORT_TIMEOUT_MS = 180_000;
const CHANGED_BY = 'it-test';
/** A credential entered through the API as the event carries it, and as the registry keeps it (issue 15). */
const announced = (credential: object) => ({ ...credential, verification: 'unverified' });
const asStored = (credential: object) => ({ ...announced(credential), reviewedBy: null, reviewedAt: null, reviewNote: null });

interface OutboxRow {
  id: string;
  topic: Topic;
  message_key: string;
  envelope: EventEnvelope<Record<string, unknown>>;
}

interface HistoryRow {
  aspect: string;
  sequence: number;
  previous: unknown;
  current: unknown;
  changed_by: string;
}

interface Versions {
  profile_version: number;
  capacity_version: number;
  accreditation_version: number;
  insurance_version: number;
}

/** A residential detox in downtown Louisville, as a facility would describe itself. */
function newFacility(overrides: Partial<CreateFacilityRequestDto> = {}): CreateFacilityRequestDto {
  return {
    name: `Integration Harbor House ${randomUUID().slice(0, 8)}`,
    street: '600 W Main St',
    city: 'Louisville',
    state: 'KY',
    zip: '40202',
    phone: '502-555-0100',
    active: true,
    programs: [
      { levelOfCare: 'detox-residential', asamEdition: 3, asamLevel: '3.7-WM', lengthOfStayDays: 7, hoursPerWeek: null },
      { levelOfCare: 'residential-short-term', asamEdition: 4, asamLevel: '3.5', lengthOfStayDays: 30, hoursPerWeek: null },
    ],
    medications: ['buprenorphine', 'naltrexone-extended-release'],
    continuesExternalMedication: true,
    therapies: ['cognitive-behavioral-therapy', 'motivational-interviewing'],
    populations: ['men'],
    gendersAccepted: ['male'],
    ageGroupsAccepted: ['adults'],
    languages: ['english', 'spanish'],
    insurance: { payers: ['medicaid', 'self-pay'], privateInsurancePlans: [], upfrontPaymentRequired: false },
    credentials: [
      { type: 'state-licence', status: 'active', expiresOn: '2099-06-30', identifier: 'KY-BHDID-0001', issuer: 'Kentucky CHFS' },
      { type: 'carf', status: 'active', expiresOn: '2099-12-31', identifier: null, issuer: null },
    ],
    ...overrides,
  } as CreateFacilityRequestDto;
}

function profileOf(request: CreateFacilityRequestDto): FacilityProfileRequestDto {
  const { insurance: _insurance, credentials: _credentials, ...profile } = request;
  // A JSON round trip, as over HTTP (structuredClone would build objects of another realm than jest's).
  return JSON.parse(JSON.stringify(profile)) as FacilityProfileRequestDto;
}

describe('facility changes: history, versions and events (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let facilities: FacilityRepository;
  let createHandler: CreateFacilityHandler;
  let profileHandler: UpdateProfileHandler;
  let capacityHandler: UpdateCapacityHandler;
  let accreditationsHandler: UpdateAccreditationsHandler;
  let insuranceHandler: UpdateInsuranceHandler;
  let importHandler: ImportDirectoryHandler;

  async function outboxRows(facilityId: string): Promise<OutboxRow[]> {
    return dataSource.query('SELECT id, topic, message_key, envelope FROM outbox WHERE message_key = $1 ORDER BY id', [facilityId]);
  }

  async function historyRows(facilityId: string): Promise<HistoryRow[]> {
    return dataSource.query(
      'SELECT aspect, sequence, previous, current, changed_by FROM facility_changes WHERE facility_id = $1 ORDER BY id',
      [facilityId],
    );
  }

  async function versions(facilityId: string): Promise<Versions> {
    const [row] = await dataSource.query(
      'SELECT profile_version, capacity_version, accreditation_version, insurance_version FROM facilities WHERE id = $1',
      [facilityId],
    );
    return row as Versions;
  }

  async function count(table: 'outbox' | 'facility_changes' | 'facilities' | 'bed_counts'): Promise<number> {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return n as number;
  }

  /** What a consumer would make of the event: it must decode on its topic. */
  function decoded<T extends PayloadTopic>(row: OutboxRow, topic: T) {
    expect(row.topic).toBe(topic);
    const result = decodeEvent(topic, row.message_key, JSON.stringify(row.envelope));
    if (!result.ok) throw new Error(`the registry wrote an event its consumers reject: ${result.reason}`);
    return result.envelope;
  }

  async function create(overrides: Partial<CreateFacilityRequestDto> = {}): Promise<string> {
    const facility = await createHandler.execute(new CreateFacilityCommand(newFacility(overrides), CHANGED_BY));
    return facility.id;
  }

  /** Everything the change could have touched, to show a refused or empty change touched none of it. */
  async function snapshot(facilityId: string) {
    return {
      facility: await dataSource.query('SELECT * FROM facilities WHERE id = $1', [facilityId]),
      beds: await dataSource.query('SELECT * FROM bed_counts WHERE facility_id = $1 ORDER BY level_of_care, bed_type', [facilityId]),
      outbox: await outboxRows(facilityId),
      history: await historyRows(facilityId),
    };
  }

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [RegistryModule.forRoot(integrationConfig(RegistryConfig, SCHEMA, { DATABASE_POOL_SIZE: 6 }))],
    })
      // The health check's indicator looks for TypeORM with require(), which this ESM runtime lacks.
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    dataSource = moduleRef.get(DataSource);
    facilities = moduleRef.get(FACILITY_REPOSITORY);
    createHandler = moduleRef.get(CreateFacilityHandler);
    profileHandler = moduleRef.get(UpdateProfileHandler);
    capacityHandler = moduleRef.get(UpdateCapacityHandler);
    accreditationsHandler = moduleRef.get(UpdateAccreditationsHandler);
    insuranceHandler = moduleRef.get(UpdateInsuranceHandler);
    importHandler = moduleRef.get(ImportDirectoryHandler);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  describe('creating a facility', () => {
    it(
      'announces its profile, credentials and payers (sequence 1 each) and records three history entries',
      async () => {
        const request = newFacility();
        const created = await createHandler.execute(new CreateFacilityCommand(request, CHANGED_BY));
        const facilityId = created.id;

        // Placed at the ZIP code's centre (downtown Louisville).
        expect(created.latitude).toBeCloseTo(38.25, 1);
        expect(created.longitude).toBeCloseTo(-85.76, 1);
        expect(created.levelsOfCare).toEqual(['detox-residential', 'residential-short-term']);
        expect(await versions(facilityId)).toEqual({
          profile_version: 1,
          capacity_version: 0,
          accreditation_version: 1,
          insurance_version: 1,
        });

        const rows = await outboxRows(facilityId);
        expect(rows.map((row) => [row.topic, row.envelope.sequence])).toEqual([
          [Topic.FacilityProfile, 1],
          [Topic.FacilityAccreditation, 1],
          [Topic.FacilityInsurance, 1],
        ]);
        expect(rows.every((row) => row.envelope.key === facilityId && row.envelope.producer === REGISTRY_SERVICE_NAME)).toBe(true);

        const profile = decoded(rows[0]!, Topic.FacilityProfile).payload;
        expect(profile).toMatchObject({
          facilityId,
          name: request.name,
          zip: '40202',
          programs: request.programs,
          medications: request.medications,
          continuesExternalMedication: true,
          languages: ['english', 'spanish'],
          previous: null,
        });
        const accreditation = decoded(rows[1]!, Topic.FacilityAccreditation).payload;
        expect(accreditation.credentials).toEqual(request.credentials.map(announced));
        expect(accreditation.previousCredentials).toEqual([]);
        const insurance = decoded(rows[2]!, Topic.FacilityInsurance).payload;
        expect(insurance).toMatchObject({
          facilityId,
          payers: ['medicaid', 'self-pay'],
          privateInsurancePlans: [],
          upfrontPaymentRequired: false,
          previous: null,
        });

        const history = await historyRows(facilityId);
        expect(history.map((row) => [row.aspect, row.sequence, row.previous, row.changed_by])).toEqual([
          ['profile', 1, null, CHANGED_BY],
          ['accreditation', 1, null, CHANGED_BY],
          ['insurance', 1, null, CHANGED_BY],
        ]);
        // The history holds what the events say.
        const { facilityId: _id, previous: _previous, ...profileState } = rows[0]!.envelope.payload;
        expect(history[0]!.current).toEqual(profileState);
        expect(history[1]!.current).toEqual(request.credentials.map(asStored));
        expect(history[2]!.current).toEqual(request.insurance);
      },
      TIMEOUT_MS,
    );

    it.each<[string, Partial<CreateFacilityRequestDto>, string]>([
      ['an unknown ZIP code', { zip: '00000' }, 'zip'],
      [
        'an ASAM level that does not fit the program',
        { programs: [{ levelOfCare: 'detox-residential', asamEdition: 3, asamLevel: '3.7' }] },
        'programs.0.asamLevel',
      ],
      ['methadone without an opioid treatment program', { medications: ['methadone'] }, 'medications'],
      [
        'named plans without private insurance',
        { insurance: { payers: ['medicaid'], privateInsurancePlans: ['Anthem PPO'], upfrontPaymentRequired: null } },
        'insurance.privateInsurancePlans',
      ],
      [
        'an active credential past its expiry date',
        { credentials: [{ type: 'carf', status: 'active', expiresOn: '2020-01-31', identifier: null, issuer: null }] },
        'credentials.0.status',
      ],
    ])(
      'refuses %s and stores nothing',
      async (_label, overrides, field) => {
        const before = { facilities: await count('facilities'), outbox: await count('outbox'), history: await count('facility_changes') };

        const error = await createHandler
          .execute(new CreateFacilityCommand(newFacility(overrides), CHANGED_BY))
          .catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(InvalidFacilityUpdateError);
        expect((error as InvalidFacilityUpdateError).problems.map((problem) => problem.field)).toEqual([field]);
        expect({ facilities: await count('facilities'), outbox: await count('outbox'), history: await count('facility_changes') }).toEqual(
          before,
        );
      },
      TIMEOUT_MS,
    );
  });

  describe('updating the profile', () => {
    it(
      'writes a new version, one facility.profile.v2 event carrying the previous profile, and its history entry',
      async () => {
        const request = newFacility();
        const facilityId = await create();
        const [created] = await outboxRows(facilityId);
        const { facilityId: _id, previous: _none, ...firstState } = created!.envelope.payload;

        const profile = profileOf(request);
        profile.programs.push({
          levelOfCare: 'opioid-treatment-program',
          asamEdition: 4,
          asamLevel: '1.7',
          lengthOfStayDays: null,
          hoursPerWeek: 6,
        });
        profile.medications = ['methadone', 'buprenorphine'];
        profile.zip = '40203';
        const updated = await profileHandler.execute(new UpdateProfileCommand(facilityId, profile, 'staff:intake'));

        expect(updated.levelsOfCare).toEqual(['detox-residential', 'residential-short-term', 'opioid-treatment-program']);
        // Re-geocoded: a different ZIP code, a different centre.
        expect(updated.zip).toBe('40203');
        expect([updated.latitude, updated.longitude]).not.toEqual([firstState.latitude, firstState.longitude]);
        expect(await versions(facilityId)).toMatchObject({
          profile_version: 2,
          capacity_version: 0,
          accreditation_version: 1,
          insurance_version: 1,
        });

        const rows = await outboxRows(facilityId);
        expect(rows).toHaveLength(4);
        const event = decoded(rows[3]!, Topic.FacilityProfile);
        expect(event.sequence).toBe(2);
        expect(event.payload).toMatchObject({ facilityId, zip: '40203', medications: ['methadone', 'buprenorphine'] });
        expect(event.payload.programs).toHaveLength(3);
        expect(rows[3]!.envelope.payload.previous).toEqual(firstState);

        const history = await historyRows(facilityId);
        expect(history).toHaveLength(4);
        const { facilityId: _same, previous: _before, ...currentState } = rows[3]!.envelope.payload;
        expect(history[3]).toEqual({
          aspect: 'profile',
          sequence: 2,
          previous: firstState,
          current: currentState,
          changed_by: 'staff:intake',
        });
      },
      TIMEOUT_MS,
    );

    it(
      'writes nothing when the profile is unchanged',
      async () => {
        const request = newFacility();
        const facilityId = await create({ name: request.name });
        const before = await snapshot(facilityId);

        await profileHandler.execute(new UpdateProfileCommand(facilityId, profileOf(request), CHANGED_BY));

        expect(await snapshot(facilityId)).toEqual(before);
        expect(await versions(facilityId)).toMatchObject({ profile_version: 1 });
      },
      TIMEOUT_MS,
    );

    it(
      'removes the bed lines of a dropped program and announces that as a capacity change, in the same transaction',
      async () => {
        const request = newFacility();
        const facilityId = await create({ name: request.name });
        const confirmedAt = new Date('2026-03-01T06:00:00.000Z');
        const line = { opening24h: 0, opening72h: 0, waitlist: false, typicalWaitDays: null };
        await capacityHandler.execute(
          new UpdateCapacityCommand(
            facilityId,
            [
              { levelOfCare: 'detox-residential', bedType: 'male', staffed: 12, available: 3, ...line },
              { levelOfCare: 'detox-residential', bedType: 'female', staffed: 6, available: 1, ...line },
              { levelOfCare: 'residential-short-term', bedType: 'general', staffed: 20, available: 5, ...line },
            ],
            confirmedAt,
            CHANGED_BY,
          ),
        );
        expect(await versions(facilityId)).toMatchObject({ capacity_version: 1 });
        const [fullBoard] = (await outboxRows(facilityId)).filter((row) => row.topic === Topic.FacilityCapacity);

        const profile = profileOf(request);
        profile.programs = profile.programs.filter((program) => program.levelOfCare !== 'detox-residential');
        await profileHandler.execute(new UpdateProfileCommand(facilityId, profile, CHANGED_BY));

        const beds = await dataSource.query('SELECT level_of_care, bed_type FROM bed_counts WHERE facility_id = $1', [facilityId]);
        expect(beds).toEqual([{ level_of_care: 'residential-short-term', bed_type: 'general' }]);
        expect(await versions(facilityId)).toMatchObject({ profile_version: 2, capacity_version: 2 });

        const rows = await outboxRows(facilityId);
        const [profileRow, capacityRow] = rows.slice(-2);
        expect(decoded(profileRow!, Topic.FacilityProfile).payload.programs.map((program) => program.levelOfCare)).toEqual([
          'residential-short-term',
        ]);
        const capacity = decoded(capacityRow!, Topic.FacilityCapacity);
        expect(capacity.sequence).toBe(2);
        expect(capacity.payload.beds).toEqual([
          expect.objectContaining({
            levelOfCare: 'residential-short-term',
            bedType: 'general',
            staffed: 20,
            available: 5,
            confirmedAt: confirmedAt.toISOString(),
          }),
        ]);
        const payload = capacityRow!.envelope.payload as unknown as FacilityCapacityValue;
        expect(payload.previousBeds).toEqual((fullBoard!.envelope.payload as unknown as FacilityCapacityValue).beds);

        const history = await historyRows(facilityId);
        expect(history.slice(-2).map((row) => [row.aspect, row.sequence])).toEqual([
          ['profile', 2],
          ['capacity', 2],
        ]);
        expect(history.at(-1)).toMatchObject({ previous: payload.previousBeds, current: payload.beds });
      },
      TIMEOUT_MS,
    );

    it(
      'refuses an invalid profile and an unknown facility, writing nothing',
      async () => {
        const request = newFacility();
        const facilityId = await create({ name: request.name });
        const before = await snapshot(facilityId);

        const invalid = { ...profileOf(request), medications: ['methadone' as const] };
        const refused = await profileHandler
          .execute(new UpdateProfileCommand(facilityId, invalid, CHANGED_BY))
          .catch((caught: unknown) => caught);
        expect(refused).toBeInstanceOf(InvalidFacilityUpdateError);
        expect((refused as InvalidFacilityUpdateError).field).toBe('medications');

        const unknownId = randomUUID();
        const missing = await profileHandler
          .execute(new UpdateProfileCommand(unknownId, profileOf(request), CHANGED_BY))
          .catch((caught: unknown) => caught);
        expect(missing).toBeInstanceOf(FacilityNotFoundError);

        expect(await snapshot(facilityId)).toEqual(before);
        expect(await outboxRows(unknownId)).toEqual([]);
      },
      TIMEOUT_MS,
    );
  });

  describe('updating licences and accreditations', () => {
    it(
      'announces the new list with the old one; an active credential past its date then reads expired',
      async () => {
        const facilityId = await create();
        const credentials = [
          {
            type: 'state-licence' as const,
            status: 'active' as const,
            expiresOn: '2026-01-31',
            identifier: 'KY-BHDID-0001',
            issuer: 'Kentucky CHFS',
          },
          { type: 'carf' as const, status: 'active' as const, expiresOn: '2099-12-31', identifier: null, issuer: null },
        ];
        // Entered on 2026-01-10, while the licence was still valid; nobody touched it since.
        await accreditationsHandler.execute(new UpdateAccreditationsCommand(facilityId, credentials, CHANGED_BY, '2026-01-10'));

        expect(await versions(facilityId)).toMatchObject({ accreditation_version: 2 });
        const rows = await outboxRows(facilityId);
        const event = decoded(rows.at(-1)!, Topic.FacilityAccreditation);
        expect(event.sequence).toBe(2);
        const payload = rows.at(-1)!.envelope.payload as unknown as FacilityAccreditationValue;
        expect(payload.credentials).toEqual(credentials.map(announced));
        expect(payload.previousCredentials).toEqual(newFacility().credentials.map(announced));
        expect((await historyRows(facilityId)).at(-1)).toMatchObject({
          aspect: 'accreditation',
          sequence: 2,
          previous: newFacility().credentials.map(asStored),
          current: credentials.map(asStored),
        });

        // What GET /api/facilities/:id answers, on the expiry day and on the day after.
        const stored = (await facilities.findWithBeds(facilityId))!;
        const onExpiryDay = FacilityResponseDto.from(stored, { now: new Date('2026-01-31T23:00:00.000Z'), staleAfterHours: 24 });
        expect(onExpiryDay.credentials.map((credential) => credential.effectiveStatus)).toEqual(['active', 'active']);
        const today = FacilityResponseDto.from(stored, { now: new Date(), staleAfterHours: 24 });
        expect(today.credentials.map((credential) => [credential.type, credential.status, credential.effectiveStatus])).toEqual([
          ['state-licence', 'active', 'expired'],
          ['carf', 'active', 'active'],
        ]);
      },
      TIMEOUT_MS,
    );

    it(
      'records a credential entered as expired as it is, and writes nothing for an unchanged list',
      async () => {
        const facilityId = await create();
        const credentials = [
          { type: 'joint-commission' as const, status: 'expired' as const, expiresOn: '2025-05-31', identifier: null, issuer: null },
        ];
        await accreditationsHandler.execute(new UpdateAccreditationsCommand(facilityId, credentials, CHANGED_BY));
        const response = FacilityResponseDto.from((await facilities.findWithBeds(facilityId))!, { now: new Date(), staleAfterHours: 24 });
        expect(response.credentials).toEqual([{ ...asStored(credentials[0]!), effectiveStatus: 'expired' }]);

        const before = await snapshot(facilityId);
        await accreditationsHandler.execute(new UpdateAccreditationsCommand(facilityId, credentials, CHANGED_BY));
        expect(await snapshot(facilityId)).toEqual(before);
        expect(await versions(facilityId)).toMatchObject({ accreditation_version: 2 });
      },
      TIMEOUT_MS,
    );

    it(
      'refuses an active credential whose expiry date has passed, writing nothing',
      async () => {
        const facilityId = await create();
        const before = await snapshot(facilityId);
        const expired = [{ type: 'carf' as const, status: 'active' as const, expiresOn: '2020-02-29', identifier: null, issuer: null }];

        const error = await accreditationsHandler
          .execute(new UpdateAccreditationsCommand(facilityId, expired, CHANGED_BY))
          .catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(InvalidFacilityUpdateError);
        expect((error as InvalidFacilityUpdateError).problems).toEqual([
          { field: 'credentials.0.status', reason: 'cannot be active: it expired on 2020-02-29' },
        ]);
        expect(await snapshot(facilityId)).toEqual(before);
      },
      TIMEOUT_MS,
    );
  });

  describe('updating payers', () => {
    it(
      'announces the new payers with the previous ones',
      async () => {
        const facilityId = await create();
        const insurance = {
          payers: ['medicaid' as const, 'private-insurance' as const],
          privateInsurancePlans: ['Anthem Blue Cross PPO'],
          upfrontPaymentRequired: null,
        };

        await insuranceHandler.execute(new UpdateInsuranceCommand(facilityId, insurance, CHANGED_BY));

        expect(await versions(facilityId)).toMatchObject({ insurance_version: 2, profile_version: 1 });
        const row = (await outboxRows(facilityId)).at(-1)!;
        expect(decoded(row, Topic.FacilityInsurance).sequence).toBe(2);
        expect(row.envelope.payload as unknown as FacilityInsuranceValue).toEqual({
          facilityId,
          ...insurance,
          previous: { payers: ['medicaid', 'self-pay'], privateInsurancePlans: [], upfrontPaymentRequired: false },
        });
        expect((await historyRows(facilityId)).at(-1)).toMatchObject({ aspect: 'insurance', sequence: 2, current: insurance });
      },
      TIMEOUT_MS,
    );

    it(
      'refuses named plans without private insurance, on field privateInsurancePlans, and writes nothing',
      async () => {
        const facilityId = await create();
        const before = await snapshot(facilityId);

        const error = await insuranceHandler
          .execute(
            new UpdateInsuranceCommand(
              facilityId,
              { payers: ['medicaid'], privateInsurancePlans: ['Humana Gold Plus'], upfrontPaymentRequired: null },
              CHANGED_BY,
            ),
          )
          .catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(InvalidFacilityUpdateError);
        expect((error as InvalidFacilityUpdateError).field).toBe('privateInsurancePlans');
        expect((error as InvalidFacilityUpdateError).problems).toHaveLength(1);
        expect(await snapshot(facilityId)).toEqual(before);
        expect(await versions(facilityId)).toMatchObject({ insurance_version: 1 });
      },
      TIMEOUT_MS,
    );
  });

  describe('importing the national directory', () => {
    let workDir: string;

    beforeAll(() => {
      workDir = mkdtempSync(join(tmpdir(), 'it-directory-'));
    });

    afterAll(() => {
      rmSync(workDir, { recursive: true, force: true });
    });

    function directoryFile(name: string, rows: string[][]): string {
      const header =
        'facility_id,directory_type,name1,name2,street1,street2,city,state,zip,phone,intake1,intake2,intake1a,intake2a,service_code_info';
      const csv = [header, ...rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(','))].join('\n');
      const file = join(workDir, name);
      writeFileSync(file, gzipSync(csv));
      return file;
    }

    it(
      'loads the Kentucky facilities of the real file with four events each, and a second run changes nothing',
      async () => {
        const outboxBefore = await count('outbox');
        const historyBefore = await count('facility_changes');

        const first = await importHandler.execute(new ImportDirectoryCommand(DIRECTORY_FILE, ['KY'], true));

        expect(first.inserted).toBeGreaterThan(400);
        expect(first.inserted).toBeLessThan(500);
        expect(first).toMatchObject({ updated: 0, unchanged: 0, demoBedsSet: first.inserted });
        expect(first.rowsRead).toBe(first.inserted + first.skippedByState + first.rejected.length);
        const [{ n: stored }] = await dataSource.query(
          "SELECT count(*)::int AS n FROM facilities WHERE source_ref LIKE 'samhsa:%' AND state = 'KY'",
        );
        expect(stored).toBe(first.inserted);

        const perTopic: { topic: string; n: number; max_sequence: number }[] = await dataSource.query(
          `SELECT topic, count(*)::int AS n, max((envelope->>'sequence')::int) AS max_sequence
           FROM outbox WHERE message_key IN (SELECT id::text FROM facilities WHERE source_ref LIKE 'samhsa:%')
          GROUP BY topic ORDER BY topic`,
        );
        expect(perTopic).toEqual(
          [Topic.FacilityAccreditation, Topic.FacilityCapacity, Topic.FacilityInsurance, Topic.FacilityProfile]
            .sort()
            .map((topic) => ({ topic, n: first.inserted, max_sequence: 1 })),
        );
        expect((await count('outbox')) - outboxBefore).toBe(4 * first.inserted);
        expect((await count('facility_changes')) - historyBefore).toBe(4 * first.inserted);

        // Every event the import wrote is one its consumers accept.
        const sample: OutboxRow[] = await dataSource.query(
          `SELECT id, topic, message_key, envelope FROM outbox
          WHERE message_key IN (SELECT id::text FROM facilities WHERE source_ref LIKE 'samhsa:%') ORDER BY id`,
        );
        for (const row of sample) decoded(row, row.topic as PayloadTopic);

        const outboxAfterFirst = await count('outbox');
        const historyAfterFirst = await count('facility_changes');
        const bedsAfterFirst = await dataSource.query('SELECT * FROM bed_counts ORDER BY facility_id, level_of_care, bed_type');

        const second = await importHandler.execute(new ImportDirectoryCommand(DIRECTORY_FILE, ['KY'], true));

        expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: first.inserted, demoBedsSet: 0, rejected: first.rejected });
        expect(await count('outbox')).toBe(outboxAfterFirst);
        expect(await count('facility_changes')).toBe(historyAfterFirst);
        expect(await dataSource.query('SELECT * FROM bed_counts ORDER BY facility_id, level_of_care, bed_type')).toEqual(bedsAfterFirst);
      },
      IMPORT_TIMEOUT_MS,
    );

    it(
      'stores what a row states of substances, withdrawal, medication, operator and supports; the same row again changes nothing',
      async () => {
        const id = `it_${randomBytes(4).toString('hex')}`;
        const row = (codes: string) => [
          id,
          'substance',
          'Tribal Opioid Detox',
          '',
          '2 Main St',
          '',
          'Louisville',
          'KY',
          '40202',
          '502-555-0198',
          '',
          '',
          '',
          '',
          codes,
        ];
        const codes = 'SA DT * RES RD * NAUT * OUDO * BU * UB MOA * BWN * TBG * ITU MD * HH NOE BC * ODTX * STAG';
        const file = directoryFile('facts.csv.gz', [row(codes)]);
        expect(await importHandler.execute(new ImportDirectoryCommand(file, [], false))).toMatchObject({ inserted: 1, rejected: [] });
        const [{ id: facilityId }] = await dataSource.query('SELECT id FROM facilities WHERE source_ref = $1', [`samhsa:${id}`]);
        const facts = {
          medications: ['buprenorphine', 'buprenorphine-sublingual'],
          continuesExternalMedication: true,
          medicationServices: ['prescribes-buprenorphine'],
          substancesNotTreated: ['alcohol'],
          servesOnlyClientsWith: ['opioids'],
          withdrawalManaged: ['opioids'],
          operators: ['tribal'],
          supportServices: ['sober-living', 'naloxone', 'residential-beds-for-children'],
        };
        const stored = (await facilities.findWithBeds(facilityId))!;
        expect(stored).toMatchObject({ ...facts, levelsOfCare: ['detox-residential'] });
        expect([...stored.payers].sort()).toEqual(['ihs-tribal-funds', 'medicaid']);
        const [created] = await outboxRows(facilityId);
        expect(decoded(created!, Topic.FacilityProfile).payload).toMatchObject(facts);

        expect(await importHandler.execute(new ImportDirectoryCommand(file, [], false))).toMatchObject({
          inserted: 0,
          updated: 0,
          unchanged: 1,
        });
        const before = await outboxRows(facilityId);

        // The next directory adds benzodiazepine withdrawal: a profile change, announced with the previous profile.
        const changed = directoryFile('facts-2.csv.gz', [row(codes.replace('ODTX', 'BDTX ODTX'))]);
        expect(await importHandler.execute(new ImportDirectoryCommand(changed, [], false))).toMatchObject({ updated: 1 });
        const added = (await outboxRows(facilityId)).slice(before.length);
        expect(added.map((outbox) => [outbox.topic, outbox.envelope.sequence])).toEqual([[Topic.FacilityProfile, 2]]);
        const profile = decoded(added[0]!, Topic.FacilityProfile).payload;
        expect(profile.withdrawalManaged).toEqual(['sedatives', 'opioids']);
        expect(profile.previous!.withdrawalManaged).toEqual(['opioids']);
      },
      TIMEOUT_MS,
    );

    it(
      'gives a level the directory newly states a demo bed line, unless someone else reported the bed board',
      async () => {
        const id = `it_${randomBytes(4).toString('hex')}`;
        const row = (codes: string) => [
          id,
          'substance',
          'Demo Beds Recovery',
          '',
          '3 Main St',
          '',
          'Louisville',
          'KY',
          '40202',
          '502-555-0197',
          '',
          '',
          '',
          '',
          codes,
        ];
        const load = (name: string, codes: string) =>
          importHandler.execute(new ImportDirectoryCommand(directoryFile(name, [row(codes)]), [], true));
        expect(await load('demo-1.csv.gz', 'SA * OP ORT * MD')).toMatchObject({ inserted: 1, demoBedsSet: 1 });
        const [{ id: facilityId }] = await dataSource.query('SELECT id FROM facilities WHERE source_ref = $1', [`samhsa:${id}`]);
        const levels = async () =>
          (await dataSource.query('SELECT level_of_care FROM bed_counts WHERE facility_id = $1 ORDER BY level_of_care', [facilityId])).map(
            (bed: { level_of_care: string }) => bed.level_of_care,
          );

        // A bare DT with the outpatient setting is now read as outpatient detox: the demo board gets its line.
        expect(await load('demo-2.csv.gz', 'SA DT * OP ORT * MD')).toMatchObject({ updated: 1, demoBedsSet: 1 });
        expect(await levels()).toEqual(['detox-outpatient', 'outpatient']);
        const capacity = (await outboxRows(facilityId)).filter((outbox) => outbox.topic === Topic.FacilityCapacity);
        const event = decoded(capacity.at(-1)!, Topic.FacilityCapacity);
        expect(event.sequence).toBe(2);
        expect(event.payload.beds.map((bed) => bed.levelOfCare)).toEqual(['detox-outpatient', 'outpatient']);
        expect(event.payload.previousBeds.map((bed) => bed.levelOfCare)).toEqual(['outpatient']);

        // Once staff report the board, a newly stated level gets no invented count.
        const line = { bedType: 'general' as const, opening24h: 0, opening72h: 0, waitlist: false, typicalWaitDays: null };
        await capacityHandler.execute(
          new UpdateCapacityCommand(facilityId, [{ levelOfCare: 'outpatient', staffed: 30, available: 2, ...line }], new Date(), 'staff'),
        );
        expect(await load('demo-3.csv.gz', 'SA DT * OP RES ORT * MD')).toMatchObject({ updated: 1, demoBedsSet: 0 });
        expect(await levels()).toEqual(['detox-outpatient', 'outpatient']);
      },
      TIMEOUT_MS,
    );

    it(
      'on a changed row, announces only the changed aspect and keeps the credential expiry entered through the API',
      async () => {
        const id = `it_${randomBytes(4).toString('hex')}`;
        const row = (codes: string) => [
          id,
          'substance',
          'Bluegrass Test Recovery',
          '',
          '1 Main St',
          '',
          'Louisville',
          'KY',
          '40202',
          '502-555-0199',
          '',
          '',
          '',
          '',
          codes,
        ];
        const loaded = await importHandler.execute(
          new ImportDirectoryCommand(directoryFile('first.csv.gz', [row('SA * RES RD RS * MD SF * CARF STAG')]), [], false),
        );
        expect(loaded).toMatchObject({ inserted: 1, rejected: [] });
        const [{ id: facilityId }] = await dataSource.query('SELECT id FROM facilities WHERE source_ref = $1', [`samhsa:${id}`]);
        expect((await outboxRows(facilityId)).map((outbox) => outbox.topic)).toEqual([
          Topic.FacilityProfile,
          Topic.FacilityAccreditation,
          Topic.FacilityInsurance,
        ]);

        // Staff enter the CARF expiry date through the API.
        const entered = [
          {
            type: 'carf' as const,
            status: 'active' as const,
            expiresOn: '2099-06-30',
            identifier: 'CARF-77',
            issuer: 'CARF International',
          },
          { type: 'state-licence' as const, status: 'active' as const, expiresOn: null, identifier: null, issuer: null },
        ];
        await accreditationsHandler.execute(new UpdateAccreditationsCommand(facilityId, entered, 'staff'));
        const before = await outboxRows(facilityId);

        // The next directory lists one more payer and the same credentials.
        const reloaded = await importHandler.execute(
          new ImportDirectoryCommand(directoryFile('second.csv.gz', [row('SA * RES RD RS * MD SF PI * CARF STAG')]), [], false),
        );
        expect(reloaded).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });

        const added = (await outboxRows(facilityId)).slice(before.length);
        expect(added.map((outbox) => [outbox.topic, outbox.envelope.sequence])).toEqual([[Topic.FacilityInsurance, 2]]);
        expect(decoded(added[0]!, Topic.FacilityInsurance).payload.payers.sort()).toEqual(['medicaid', 'private-insurance', 'self-pay']);
        const stored = (await facilities.findWithBeds(facilityId))!;
        // The CARF expiry staff entered is their word (unverified); the licence they left as listed stays directory-listed.
        expect(stored.credentials).toEqual([asStored(entered[0]), { ...asStored(entered[1]), verification: 'directory-listed' }]);
        expect(await versions(facilityId)).toMatchObject({ profile_version: 1, accreditation_version: 2, insurance_version: 2 });
      },
      TIMEOUT_MS,
    );
  });
});
