import { assertValidPayload, Topic } from '#contracts';
import { toSubmittedPayload } from './referral-events.js';
import { patientNeedsResponseOf } from './referral-needs.js';
import { ReferralEntity } from '../database/referral.entity.js';

function referral(overrides: Partial<ReferralEntity> = {}): ReferralEntity {
  return Object.assign(new ReferralEntity(), {
    id: '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21',
    matchStatus: 'matching',
    levelOfCare: 'detox-residential',
    payer: 'medicaid',
    originZip: '40202',
    originState: 'KY',
    originLatitude: 38.25,
    originLongitude: -85.75,
    maxDistanceMiles: 50,
    gender: 'female',
    ageYears: 29,
    pregnant: true,
    coOccurringMentalIllness: false,
    substances: ['opioids', 'sedatives'],
    courtOrder: 'dui',
    medication: 'buprenorphine-sublingual',
    startMedication: null,
    bedsForChildren: true,
    childcare: false,
    language: null,
    acceptHigherLevels: false,
    requireAccreditation: false,
    submittedAt: new Date('2026-01-05T08:00:00.000Z'),
    version: 1,
    ...overrides,
  } satisfies Partial<ReferralEntity>);
}

describe('the referral.submitted.v3 event', () => {
  it('carries every need of the new shape with the age band, and no courtOrdered', () => {
    const payload = toSubmittedPayload(referral());
    expect(payload.needs).toEqual({
      gender: 'female',
      ageBand: '26-64',
      pregnant: true,
      coOccurringMentalIllness: false,
      substances: ['opioids', 'sedatives'],
      courtOrder: 'dui',
      medication: 'buprenorphine-sublingual',
      startMedication: null,
      bedsForChildren: true,
      childcare: false,
      language: null,
    });
    expect(() => assertValidPayload(Topic.ReferralSubmitted, payload)).not.toThrow();
  });

  it.each([
    [17, 'under-18'],
    [18, '18-25'],
    [25, '18-25'],
    [26, '26-64'],
    [64, '26-64'],
    [65, '65-and-over'],
  ])('says a %i-year-old is %s and never carries the exact age', (ageYears, ageBand) => {
    const payload = toSubmittedPayload(referral({ ageYears }));
    expect(payload.needs.ageBand).toBe(ageBand);
    expect(JSON.stringify(payload)).not.toMatch(/ageYears|"age"|birth/i);
  });

  it('is refused by the contract for a referral without substances (one made before they were asked is never published again)', () => {
    expect(() => assertValidPayload(Topic.ReferralSubmitted, toSubmittedPayload(referral({ substances: [] })))).toThrow(
      /needs\.substances/,
    );
  });
});

describe('the needs the HTTP API answers', () => {
  it('keep the exact age, which only the events leave out', () => {
    expect(patientNeedsResponseOf(referral())).toMatchObject({ gender: 'female', ageYears: 29 });
    expect(patientNeedsResponseOf(referral())).not.toHaveProperty('ageBand');
  });

  it('add the deprecated courtOrdered, derived from the court order', () => {
    expect(patientNeedsResponseOf(referral())).toMatchObject({ courtOrder: 'dui', courtOrdered: true });
    expect(patientNeedsResponseOf(referral({ courtOrder: 'other' }))).toMatchObject({ courtOrder: 'other', courtOrdered: true });
    expect(patientNeedsResponseOf(referral({ courtOrder: null }))).toMatchObject({ courtOrder: null, courtOrdered: false });
  });
});
