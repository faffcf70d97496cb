import type { ReferralTaskEntity } from '../database/referral-task.entity.js';
import type { ReferralEntity } from '../database/referral.entity.js';

export const WATCHED_REFERRAL_ID = '6f1c2b1e-8d8e-4f5a-9a57-2f4f6f0e9c11';
export const WATCHED_ORGANIZATION = 'St Elsewhere';

/** For unit specs: a task of the watched referral, requested of a facility, its bed held. */
export function watchedTask(id: string, facilityId: string, overrides: Partial<ReferralTaskEntity> = {}): ReferralTaskEntity {
  return {
    id,
    referralId: WATCHED_REFERRAL_ID,
    facilityId,
    facilityName: `Facility ${facilityId}`,
    levelOfCare: 'residential-short-term',
    status: 'requested',
    statusReason: null,
    statusNote: null,
    holdStatus: 'held',
    holdExpiresAt: null,
    holdReason: null,
    holdVersion: 1,
    version: 1,
    escalatedFromTaskId: null,
    createdBy: 'planner-1',
    createdAt: new Date('2026-03-02T12:00:00.000Z'),
    updatedAt: new Date('2026-03-02T12:00:00.000Z'),
    ...overrides,
  } as ReferralTaskEntity;
}

/**
 * For unit specs: a matched referral of St Elsewhere's planner-1, as the repository reads it, sent to
 * the facilities of `tasks`; `overrides` set what a spec is about.
 */
export function watchedReferral(tasks: ReferralTaskEntity[] = [], overrides: Partial<ReferralEntity> = {}): ReferralEntity {
  return {
    id: WATCHED_REFERRAL_ID,
    matchStatus: 'matched',
    levelOfCare: 'residential-short-term',
    payer: 'medicaid',
    originZip: '40202',
    originState: 'KY',
    originLatitude: 38.25,
    originLongitude: -85.75,
    maxDistanceMiles: 50,
    gender: 'female',
    ageYears: 40,
    pregnant: false,
    coOccurringMentalIllness: false,
    substances: ['alcohol'],
    courtOrder: null,
    medication: null,
    startMedication: null,
    bedsForChildren: false,
    childcare: false,
    language: null,
    acceptHigherLevels: false,
    requireAccreditation: false,
    submittedAt: new Date('2026-03-02T11:00:00.000Z'),
    matchedAt: new Date('2026-03-02T11:00:01.000Z'),
    facilitiesConsidered: 2,
    excludedByRule: {},
    nearbyExclusions: [],
    suggestions: [],
    version: 2,
    followsReferralId: null,
    submittedBy: 'planner-1',
    organization: WATCHED_ORGANIZATION,
    matches: [],
    tasks,
    ...overrides,
  } as ReferralEntity;
}
