import 'reflect-metadata';
import { assertValidPayload, decodeEvent } from '../codec/event-codec.js';
import { Topic } from '../topics/topic.enum.js';
import { referralSubmittedFromV2, referralTaskFromV1 } from './age-band.upgrade.js';

const REFERRAL_ID = '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21';

/** A message as it sits in the log, decoded as its old topic's consumer decodes it. */
function decodedOld<T extends Topic.ReferralSubmittedV2 | Topic.ReferralTaskV1>(topic: T, payload: Record<string, unknown>) {
  const envelope = {
    eventId: '3f1c2b9e-8a4d-4c1e-9b2a-1d2e3f4a5b6c',
    type: topic,
    occurredAt: '2026-01-05T08:00:00.000Z',
    producer: 'referral-service',
    key: REFERRAL_ID,
    sequence: 1,
    payload,
  };
  const decoded = decodeEvent(topic, REFERRAL_ID, JSON.stringify(envelope));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.envelope.payload;
}

describe('a referral.submitted.v2 event read during an upgrade', () => {
  const v2 = (ageYears: number) =>
    decodedOld(Topic.ReferralSubmittedV2, {
      referralId: REFERRAL_ID,
      levelOfCare: 'detox-residential',
      payer: 'medicaid',
      origin: { zip: '40202', latitude: 38.25, longitude: -85.75 },
      maxDistanceMiles: 50,
      needs: { gender: 'female', ageYears, pregnant: true, coOccurringMentalIllness: false, substances: ['opioids'], courtOrder: 'dui' },
      acceptHigherLevels: true,
      submittedAt: '2026-01-05T08:00:00.000Z',
    });

  it.each([
    [17, 'under-18'],
    [18, '18-25'],
    [25, '18-25'],
    [26, '26-64'],
    [64, '26-64'],
    [65, '65-and-over'],
  ])('becomes a v3 payload: a %i-year-old is %s, and the exact age is gone', (ageYears, ageBand) => {
    const upgraded = referralSubmittedFromV2(v2(ageYears));
    expect(upgraded.needs.ageBand).toBe(ageBand);
    expect(JSON.stringify(upgraded)).not.toContain('ageYears');
    expect(() => assertValidPayload(Topic.ReferralSubmitted, upgraded)).not.toThrow();
  });

  it('keeps everything else as it was', () => {
    const old = v2(40);
    const { ageYears: _ageYears, ...needs } = old.needs;
    expect(referralSubmittedFromV2(old)).toEqual({ ...old, needs: { ...needs, ageBand: '26-64' } });
  });
});

describe('a referral.task.v1 event read during an upgrade', () => {
  const v1 = (ageYears: number) =>
    decodedOld(Topic.ReferralTaskV1, {
      taskId: '0c8e3f1a-5b2d-4e6f-8a9b-1c2d3e4f5a6b',
      referralId: REFERRAL_ID,
      facilityId: 'fac-0001',
      status: 'requested',
      statusReason: null,
      levelOfCare: 'detox-residential',
      patient: { gender: 'male', ageYears },
      changedAt: '2026-01-05T08:00:00.000Z',
    });

  it.each([
    [16, 'under-18'],
    [18, '18-25'],
    [70, '65-and-over'],
  ])('becomes a v2 payload: a %i-year-old is %s, and the exact age is gone', (ageYears, ageBand) => {
    const upgraded = referralTaskFromV1(v1(ageYears));
    expect(upgraded.patient).toEqual({ gender: 'male', ageBand });
    expect(() => assertValidPayload(Topic.ReferralTask, upgraded)).not.toThrow();
  });

  it('keeps everything else as it was', () => {
    const old = v1(30);
    expect(referralTaskFromV1(old)).toEqual({ ...old, patient: { gender: 'male', ageBand: '26-64' } });
  });
});
