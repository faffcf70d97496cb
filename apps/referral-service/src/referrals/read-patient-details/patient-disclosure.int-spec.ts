import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { Principal } from '#auth';
import type { TaskStatus } from '#contracts';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { AuditEntryEntity } from '../../audit/database/audit-entry.entity.js';
import { ReferralConfig } from '../../referral.config.js';
import { ReferralModule } from '../../referral.module.js';
import { ReferralTaskEntity } from '../database/referral-task.entity.js';
import { ReferralEntity } from '../database/referral.entity.js';
import { TaskTransitionEntity } from '../database/task-transition.entity.js';
import { ListConsentsHandler } from '../list-consents/list-consents.handler.js';
import { ListConsentsQuery } from '../list-consents/list-consents.query.js';
import { RecordConsentCommand } from '../record-consent/record-consent.command.js';
import { RecordConsentHandler } from '../record-consent/record-consent.handler.js';
import { RecordPatientDetailsCommand } from '../record-patient-details/record-patient-details.command.js';
import { RecordPatientDetailsHandler } from '../record-patient-details/record-patient-details.handler.js';
import { RevokeConsentCommand } from '../revoke-consent/revoke-consent.command.js';
import { RevokeConsentHandler } from '../revoke-consent/revoke-consent.handler.js';
import { REDISCLOSURE_NOTICE } from '../domain/redisclosure-notice.js';
import type { DisclosableField } from '../domain/consent-rules.js';
import { ReadPatientDetailsHandler } from './read-patient-details.handler.js';
import { ReadPatientDetailsQuery } from './read-patient-details.query.js';

// Against the database `npm test` provides, in a schema of its own: the migrations (versioned patient
// details included) run on it, and each test makes referrals and facilities of its own.
const SCHEMA = freshSchema('it_disclosure');
const DAY = 86_400_000;
const ORGANIZATION = 'St Elsewhere';

describe('patient details disclosure (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let dataSource: DataSource;
  let recordDetails: RecordPatientDetailsHandler;
  let recordConsent: RecordConsentHandler;
  let revokeConsent: RevokeConsentHandler;
  let readDetails: ReadPatientDetailsHandler;
  let listConsents: ListConsentsHandler;
  const planner: Principal = { sub: 'planner-1', role: 'planner', facilityIds: [], organization: ORGANIZATION };

  const staffOf = (facilityId: string): Principal => ({
    sub: `staff-${facilityId}`,
    role: 'facility-staff',
    facilityIds: [facilityId],
    organization: null,
  });

  /** A referral of the planner's organisation sent to a new facility; returns their ids. */
  async function sentReferral(): Promise<{ referralId: string; facilityId: string; taskId: string }> {
    const referralId = randomUUID();
    const facilityId = randomUUID();
    const taskId = randomUUID();
    const now = new Date();
    await dataSource.transaction(async (manager) => {
      await manager.insert(ReferralEntity, {
        id: referralId,
        matchStatus: 'matched',
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        originZip: '82190',
        originState: 'WY',
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
        submittedAt: now,
        matchedAt: now,
        facilitiesConsidered: 1,
        excludedByRule: {},
        nearbyExclusions: [],
        suggestions: [],
        version: 2,
        submittedBy: planner.sub,
        organization: ORGANIZATION,
      });
      await manager.insert(ReferralTaskEntity, {
        id: taskId,
        referralId,
        facilityId,
        facilityName: 'Lamar Valley Recovery',
        levelOfCare: 'detox-residential',
        status: 'requested',
        statusReason: null,
        statusNote: null,
        holdStatus: 'held',
        holdExpiresAt: null,
        holdReason: null,
        holdVersion: 1,
        version: 1,
        createdBy: planner.sub,
        createdAt: now,
        updatedAt: now,
      });
    });
    return { referralId, facilityId, taskId };
  }

  /** Moves the task as the task recorder would: its status and a transition row, `daysAgo` back. */
  async function moveTask(taskId: string, status: TaskStatus, daysAgo = 0, reason: string | null = null): Promise<void> {
    const at = new Date(Date.now() - daysAgo * DAY);
    const task = await dataSource.getRepository(ReferralTaskEntity).findOneByOrFail({ id: taskId });
    await dataSource.getRepository(ReferralTaskEntity).update({ id: taskId }, { status, statusReason: reason, updatedAt: at });
    await dataSource.getRepository(TaskTransitionEntity).insert({
      taskId,
      referralId: task.referralId,
      fromStatus: task.status,
      toStatus: status,
      reason,
      note: null,
      changedBy: 'someone',
      changedAt: at,
    });
  }

  function details(referralId: string, givenName: string, phone?: string) {
    return recordDetails.execute(
      new RecordPatientDetailsCommand(
        referralId,
        {
          givenName,
          familyName: 'Quinlan',
          birthDate: '1985-03-14',
          clinicalSummary: `Summary for ${givenName}`,
          ...(phone ? { phone } : {}),
        },
        planner,
      ),
    );
  }

  function consentTo(
    referralId: string,
    facilityId: string,
    fields: DisclosableField[],
    purpose: 'treatment-referral' | 'care-coordination' = 'treatment-referral',
  ) {
    return recordConsent.execute(
      new RecordConsentCommand(referralId, facilityId, purpose, fields, new Date(Date.now() + 7 * DAY), planner),
    );
  }

  const read = (referralId: string, reader: Principal, purpose: 'treatment-referral' | 'care-coordination' = 'treatment-referral') =>
    readDetails.execute(new ReadPatientDetailsQuery(referralId, reader, null, purpose));

  const audit = (referralId: string) => dataSource.getRepository(AuditEntryEntity).find({ where: { referralId }, order: { id: 'ASC' } });

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ReferralModule.forRoot(integrationConfig(ReferralConfig, SCHEMA, { DATABASE_POOL_SIZE: 4, CONSENT_ADMISSION_WINDOW_DAYS: 30 })),
      ],
    })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    dataSource = moduleRef.get(DataSource);
    recordDetails = moduleRef.get(RecordPatientDetailsHandler);
    recordConsent = moduleRef.get(RecordConsentHandler);
    revokeConsent = moduleRef.get(RevokeConsentHandler);
    readDetails = moduleRef.get(ReadPatientDetailsHandler);
    listConsents = moduleRef.get(ListConsentsHandler);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it('keeps every version; a consent discloses the version it was given for, the planner reads the latest', async () => {
    const { referralId, facilityId } = await sentReferral();
    expect((await details(referralId, 'Ada')).version).toBe(1);
    const consent = await consentTo(referralId, facilityId, ['name', 'clinicalSummary']);
    expect(consent.patientDetailsVersion).toBe(1);
    const second = await details(referralId, 'Adaline', '307-555-0142');
    expect(second.version).toBe(2);

    const disclosed = await read(referralId, staffOf(facilityId));
    expect(disclosed).toMatchObject({
      patient: { name: { given: 'Ada', family: 'Quinlan' }, clinicalSummary: 'Summary for Ada' },
      version: 1,
      redisclosureNotice: REDISCLOSURE_NOTICE,
    });
    expect(disclosed.patient).not.toHaveProperty('phone');
    const latest = await read(referralId, planner);
    expect(latest).toMatchObject({ patient: { name: { given: 'Adaline' }, phone: '307-555-0142' }, version: 2, redisclosureNotice: null });

    // A consent recorded now is for version 2.
    const fresh = await consentTo(referralId, facilityId, ['name']);
    expect(fresh.patientDetailsVersion).toBe(2);
  });

  it('discloses only for the purpose the consent states, and audits the purpose either way', async () => {
    const { referralId, facilityId } = await sentReferral();
    await details(referralId, 'Bea');
    await consentTo(referralId, facilityId, ['name'], 'care-coordination');
    await expect(read(referralId, staffOf(facilityId))).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('consented for care-coordination only'),
    });
    expect((await read(referralId, staffOf(facilityId), 'care-coordination')).patient).toEqual({
      name: { given: 'Bea', family: 'Quinlan' },
    });
    const reads = (await audit(referralId)).filter((entry) => entry.action === 'read-patient-details');
    expect(reads.map((entry) => [entry.outcome, entry.detail?.split(/[;:]/)[0]])).toEqual([
      ['denied', 'purpose treatment-referral'],
      ['allowed', 'purpose care-coordination'],
    ]);
  });

  it('a declined, cancelled or failed referral ends access though the consent stands; an admission opens it for the window', async () => {
    for (const [status, reason, words] of [
      ['rejected', 'no-capacity', 'was declined (no-capacity)'],
      ['cancelled', null, 'was cancelled'],
      ['failed', 'hold-expired', 'failed (hold-expired)'],
    ] as const) {
      const { referralId, facilityId, taskId } = await sentReferral();
      await details(referralId, 'Cy');
      await consentTo(referralId, facilityId, ['name']);
      expect((await read(referralId, staffOf(facilityId))).patient).toEqual({ name: { given: 'Cy', family: 'Quinlan' } });
      await moveTask(taskId, status, 0, reason);
      await expect(read(referralId, staffOf(facilityId))).rejects.toMatchObject({
        kind: 'forbidden',
        message: expect.stringContaining(words),
      });
      const entries = await audit(referralId);
      expect(entries.at(-1)).toMatchObject({ action: 'read-patient-details', outcome: 'denied', facilityId });
      // The consent list keeps the consent (it is current) but no longer names the patient.
      const listed = await listConsents.execute(new ListConsentsQuery(referralId, staffOf(facilityId)));
      expect(listed.map((item) => item.showName)).toEqual([false]);
    }

    const recent = await sentReferral();
    await details(recent.referralId, 'Di');
    await consentTo(recent.referralId, recent.facilityId, ['name']);
    await moveTask(recent.taskId, 'accepted', 12);
    await moveTask(recent.taskId, 'in-progress', 10);
    await moveTask(recent.taskId, 'completed', 2);
    expect((await read(recent.referralId, staffOf(recent.facilityId))).version).toBe(1);

    const long = await sentReferral();
    await details(long.referralId, 'Ed');
    await consentTo(long.referralId, long.facilityId, ['name']);
    await moveTask(long.taskId, 'accepted', 40);
    await moveTask(long.taskId, 'in-progress', 31);
    await expect(read(long.referralId, staffOf(long.facilityId))).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('more than 30 days ago'),
    });
  });

  it('lists to staff only current consents naming them, the name only where disclosed; every list is audited', async () => {
    const { referralId, facilityId } = await sentReferral();
    await details(referralId, 'Flo');
    const summaryOnly = await consentTo(referralId, facilityId, ['clinicalSummary']);
    const named = await consentTo(referralId, facilityId, ['name']);
    const revoked = await consentTo(referralId, facilityId, ['name']);
    await revokeConsent.execute(new RevokeConsentCommand(referralId, revoked.id, planner));

    const asStaff = await listConsents.execute(new ListConsentsQuery(referralId, staffOf(facilityId)));
    expect(asStaff.map((item) => [item.consent.id, item.showName])).toEqual([
      [summaryOnly.id, false],
      [named.id, true],
    ]);
    const asPlanner = await listConsents.execute(new ListConsentsQuery(referralId, planner));
    expect(asPlanner.map((item) => [item.consent.id, item.showName])).toEqual([
      [summaryOnly.id, true],
      [named.id, true],
      [revoked.id, true],
    ]);
    await expect(listConsents.execute(new ListConsentsQuery(referralId, staffOf(randomUUID())))).rejects.toMatchObject({
      kind: 'not-found',
    });

    const lists = (await audit(referralId)).filter((entry) => entry.action === 'read-consents');
    expect(lists.map((entry) => [entry.actorRole, entry.outcome, entry.fields])).toEqual([
      ['facility-staff', 'allowed', ['name']],
      ['planner', 'allowed', ['name']],
      ['facility-staff', 'denied', []],
    ]);
    expect(lists[0]!.detail).toContain(named.id);
    expect(lists[0]!.detail).not.toContain(summaryOnly.id);
  });
});
