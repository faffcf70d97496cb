import { distanceMiles } from './geo-distance.js';
import { LEXINGTON, LOUISVILLE } from './matching.test-factory.js';

const NEW_YORK = { latitude: 40.7128, longitude: -74.006 };
const LOS_ANGELES = { latitude: 34.0522, longitude: -118.2437 };

describe('distanceMiles', () => {
  it('gives about 70 miles from Louisville to Lexington, KY', () => {
    const miles = distanceMiles(LOUISVILLE, LEXINGTON);
    expect(miles).toBeGreaterThanOrEqual(68);
    expect(miles).toBeLessThanOrEqual(72);
  });

  it('gives about 2,445 miles from New York to Los Angeles', () => {
    const miles = distanceMiles(NEW_YORK, LOS_ANGELES);
    expect(miles).toBeGreaterThanOrEqual(2435);
    expect(miles).toBeLessThanOrEqual(2455);
  });

  it('gives about 69.1 miles for one degree of latitude', () => {
    expect(distanceMiles({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(69.09, 1);
  });

  it('gives half the earth circumference for antipodal points', () => {
    expect(distanceMiles({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(Math.PI * 3958.8, 3);
  });

  it('treats longitude +180 and -180 as the same meridian', () => {
    expect(distanceMiles({ latitude: 10, longitude: 180 }, { latitude: 10, longitude: -180 })).toBeCloseTo(0, 6);
  });

  it('gives zero for the same point', () => {
    expect(distanceMiles(LOUISVILLE, LOUISVILLE)).toBe(0);
    expect(distanceMiles({ ...LEXINGTON }, LEXINGTON)).toBe(0);
  });

  it('is symmetric', () => {
    expect(distanceMiles(LEXINGTON, LOUISVILLE)).toBeCloseTo(distanceMiles(LOUISVILLE, LEXINGTON), 9);
    expect(distanceMiles(LOS_ANGELES, NEW_YORK)).toBeCloseTo(distanceMiles(NEW_YORK, LOS_ANGELES), 9);
  });

  it('is never negative', () => {
    expect(distanceMiles(LEXINGTON, LOUISVILLE)).toBeGreaterThan(0);
    expect(distanceMiles({ latitude: -33.87, longitude: 151.21 }, { latitude: 51.51, longitude: -0.13 })).toBeGreaterThan(0);
  });
});
