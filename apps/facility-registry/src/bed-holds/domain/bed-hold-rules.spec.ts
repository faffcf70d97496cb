import { chooseBedLine, type HoldableLine } from './bed-hold-rules.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const FRESH = new Date('2026-11-24T08:00:00Z');
const OLD = new Date('2026-11-22T08:00:00Z');
const adult = { gender: 'female' as const, ageBand: '26-64' as const };

function line(overrides: Partial<HoldableLine>): HoldableLine {
  return { levelOfCare: 'detox-residential', bedType: 'general', available: 1, confirmedAt: FRESH, ...overrides };
}

describe('chooseBedLine', () => {
  it('takes a free bed in the requested level, preferring a specific bed to a general one', () => {
    const lines = [line({ bedType: 'general' }), line({ bedType: 'female' }), line({ bedType: 'male' })];
    expect(chooseBedLine(lines, 'detox-residential', adult, NOW, 24)).toEqual({ ok: true, bedType: 'female' });
  });

  it('never takes a bed of another level or one that does not fit the patient', () => {
    const lines = [line({ levelOfCare: 'residential-short-term' }), line({ bedType: 'male' }), line({ bedType: 'adolescent' })];
    expect(chooseBedLine(lines, 'detox-residential', adult, NOW, 24)).toEqual({
      ok: false,
      reason: 'no detox-residential bed line fits this patient',
    });
  });

  it('says when the fitting beds are all taken', () => {
    const result = chooseBedLine([line({ available: 0 })], 'detox-residential', adult, NOW, 24);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/no detox-residential bed is free/);
  });

  it('does not hold a bed on a count nobody confirmed recently', () => {
    const result = chooseBedLine([line({ confirmedAt: OLD })], 'detox-residential', adult, NOW, 24);
    expect(result).toEqual({ ok: false, reason: 'the detox-residential bed count was not confirmed in the last 24 h; call the facility' });
    expect(chooseBedLine([line({ confirmedAt: OLD }), line({ bedType: 'female' })], 'detox-residential', adult, NOW, 24)).toEqual({
      ok: true,
      bedType: 'female',
    });
  });

  it('gives an adolescent an adolescent bed and not an adult one', () => {
    const teen = { gender: 'male' as const, ageBand: 'under-18' as const };
    expect(chooseBedLine([line({ bedType: 'male' }), line({ bedType: 'adolescent' })], 'detox-residential', teen, NOW, 24)).toEqual({
      ok: true,
      bedType: 'adolescent',
    });
  });
});
