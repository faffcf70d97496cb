import type { EventEnvelope, FacilityCapacityValue, FacilityProfileValue } from '#contracts';
import { FacilityStateStore } from './facility-state.store.js';

const profile = (sequence: number, name = 'Harbor House'): EventEnvelope<FacilityProfileValue> => ({
  eventId: `00000000-0000-4000-8000-00000000000${sequence}`,
  type: 'facility.profile.v1',
  occurredAt: '2026-11-24T00:00:00.000Z',
  producer: 'facility-registry',
  key: 'f1',
  sequence,
  payload: {
    facilityId: 'f1', name, city: 'Louisville', state: 'KY', zip: '40202', latitude: 38.25, longitude: -85.75, active: true,
    levelsOfCare: ['detox-residential'], payers: ['medicaid'], populations: [], gendersAccepted: [], ageGroupsAccepted: [],
    credentials: [{ type: 'carf', status: 'active', expiresOn: null }], updatedAt: '2026-11-24T00:00:00.000Z',
  },
});

const capacity = (sequence: number, available: number): EventEnvelope<FacilityCapacityValue> => ({
  eventId: `00000000-0000-4000-8000-0000000001${sequence}`,
  type: 'facility.capacity.v1',
  occurredAt: '2026-11-24T00:00:00.000Z',
  producer: 'facility-registry',
  key: 'f1',
  sequence,
  payload: {
    facilityId: 'f1',
    beds: [{ levelOfCare: 'detox-residential', staffed: 10, available, confirmedAt: '2026-11-24T00:00:00.000Z' }],
    previousBeds: [],
  },
});

describe('FacilityStateStore', () => {
  it('lists a facility only once its profile is known, with its latest beds', () => {
    const store = new FacilityStateStore();
    store.applyCapacity(capacity(1, 4));
    expect([...store.snapshots()]).toEqual([]);
    store.applyProfile(profile(1));
    expect([...store.snapshots()][0]!.beds['detox-residential']?.available).toBe(4);
  });

  it('ignores a capacity event older than the one it holds, and a duplicate', () => {
    const store = new FacilityStateStore();
    store.applyProfile(profile(1));
    expect(store.applyCapacity(capacity(3, 7))).toBe('applied');
    expect(store.applyCapacity(capacity(2, 0))).toBe('stale');
    expect(store.applyCapacity(capacity(3, 0))).toBe('stale');
    expect([...store.snapshots()][0]!.beds['detox-residential']?.available).toBe(7);
  });

  it('ignores an older profile delivered after a newer one', () => {
    const store = new FacilityStateStore();
    store.applyProfile(profile(2, 'New name'));
    expect(store.applyProfile(profile(1, 'Old name'))).toBe('stale');
    expect([...store.snapshots()][0]!.name).toBe('New name');
  });

  it('replaces the whole inventory with each capacity event', () => {
    const store = new FacilityStateStore();
    store.applyProfile(profile(1));
    store.applyCapacity(capacity(1, 4));
    store.applyCapacity({ ...capacity(2, 0), payload: { facilityId: 'f1', beds: [], previousBeds: [] } });
    expect([...store.snapshots()][0]!.beds).toEqual({});
  });
});
