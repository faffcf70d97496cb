import fc from 'fast-check';
import { isoInstant } from './iso-instant.js';

describe('isoInstant', () => {
  it('writes a time as toISOString does', () => {
    for (const text of ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2025-06-15T12:00:00.000Z', '0000-01-01T00:00:00.000Z'])
      expect(isoInstant(Date.parse(text))).toBe(text);
    fc.assert(
      fc.property(fc.integer({ min: -62_200_000_000_000, max: 253_500_000_000_000 }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('answers as Date does outside the years 0–9999, and for a time that is not one', () => {
    expect(isoInstant(Date.parse('+010000-01-01T00:00:00.000Z'))).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoInstant(1.9)).toBe(new Date(1.9).toISOString());
    expect(() => isoInstant(NaN)).toThrow(RangeError);
  });
});
