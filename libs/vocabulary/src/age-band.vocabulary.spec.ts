import { AGE_BAND_LABELS, AGE_BANDS, ageBandOf, type AgeBand } from './age-band.vocabulary.js';

describe('ageBandOf', () => {
  it.each<[number, AgeBand]>([
    [0, 'under-18'],
    [12, 'under-18'],
    [17, 'under-18'],
    [18, '18-25'],
    [25, '18-25'],
    [26, '26-64'],
    [40, '26-64'],
    [64, '26-64'],
    [65, '65-and-over'],
    [120, '65-and-over'],
  ])('puts a %i-year-old in the %s band', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  it('keeps a birthday’s fraction of a year in the band below the next cut-off', () => {
    expect(ageBandOf(17.99)).toBe('under-18');
    expect(ageBandOf(25.5)).toBe('18-25');
    expect(ageBandOf(64.99)).toBe('26-64');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p, which is no age', (age) => {
    expect(() => ageBandOf(age)).toThrow(RangeError);
  });

  it('covers every band, each with words for a sentence', () => {
    expect(new Set([0, 18, 26, 65].map(ageBandOf))).toEqual(new Set(AGE_BANDS));
    expect(Object.keys(AGE_BAND_LABELS).sort()).toEqual([...AGE_BANDS].sort());
  });
});
