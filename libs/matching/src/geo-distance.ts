const EARTH_RADIUS_MILES = 3958.8;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** The cosine of a latitude, as the distance needs it; worth keeping for a point measured from often. */
export function latitudeCosine(latitude: number): number {
  return Math.cos(toRadians(latitude));
}

/** Great-circle (haversine) distance in miles: ZIP-centroid precision does not warrant more. */
export function distanceMiles(
  a: { readonly latitude: number; readonly longitude: number },
  b: { readonly latitude: number; readonly longitude: number },
): number {
  return distanceMilesWithCosines(a.latitude, a.longitude, latitudeCosine(a.latitude), b.latitude, b.longitude, latitudeCosine(b.latitude));
}

/** distanceMiles with both latitudes' cosines (latitudeCosine) given: the same figure, to the last bit. */
export function distanceMilesWithCosines(
  latitudeA: number,
  longitudeA: number,
  cosineA: number,
  latitudeB: number,
  longitudeB: number,
  cosineB: number,
): number {
  const dLat = toRadians(latitudeB - latitudeA);
  const dLon = toRadians(longitudeB - longitudeA);
  const h = Math.sin(dLat / 2) ** 2 + cosineA * cosineB * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A lower bound on sin x for 0 ≤ x ≤ π/2, without a sine: x − x³/6 up to 1, 2x/π beyond. */
const sineAtLeast = (x: number): number => (x <= 1 ? x - (x * x * x) / 6 : (2 * x) / Math.PI);

/**
 * A lower bound on the distance between points at least `latitudeGap` and `longitudeGap` degrees
 * apart (each at most 180) at latitudes whose cosines are at least `cosineA` and `cosineB`, without
 * a sine or an arcsine (sin x and arcsin x bounded by polynomials): cheap enough to order many cells.
 */
export function distanceMilesAtLeast(latitudeGap: number, longitudeGap: number, cosineA: number, cosineB: number): number {
  const y = sineAtLeast(toRadians(latitudeGap) / 2);
  const x = sineAtLeast(toRadians(longitudeGap) / 2);
  // arcsin s ≥ s.
  return 2 * EARTH_RADIUS_MILES * Math.sqrt(y * y + cosineA * cosineB * x * x);
}

/**
 * Where a point lies on the unit sphere (x, y, z), for chordSquared: the straight-line distance
 * between two such points grows with the great-circle distance, so comparing it needs no sine.
 */
export function unitVectorOf(latitude: number, longitude: number): [number, number, number] {
  const cosine = latitudeCosine(latitude);
  const lambda = toRadians(longitude);
  return [cosine * Math.cos(lambda), cosine * Math.sin(lambda), Math.sin(toRadians(latitude))];
}

/**
 * The squared chord between unit vectors that lie `miles` apart along the great circle: 4·h in the
 * haversine's terms. Past half the circumference every point lies within `miles`: Infinity.
 */
export function chordSquaredForMiles(miles: number): number {
  const half = miles / (2 * EARTH_RADIUS_MILES);
  if (!(half < Math.PI / 2)) return half >= Math.PI / 2 ? Infinity : NaN;
  const sine = Math.sin(half);
  return 4 * sine * sine;
}

/** Room for rounding when a squared chord is compared: relative, and absolute (a chord of 1e-9 is about 2 cm). */
const CHORD_SLACK = 1e-9;
const CHORD_FLOOR = 1e-18;

/**
 * Below `within` a squared chord (between unit vectors) is surely within `miles` as distanceMiles
 * computes it; above `beyond`, surely beyond it; between, only distanceMiles can tell.
 */
export function chordBoundsForMiles(miles: number): { readonly within: number; readonly beyond: number } {
  const chord = chordSquaredForMiles(miles);
  return { within: chord * (1 - CHORD_SLACK) - CHORD_FLOOR, beyond: chord * (1 + CHORD_SLACK) + CHORD_FLOOR };
}

/**
 * A lower bound on the distance (as distanceMiles computes it) between unit vectors `chordSquared`
 * apart: a chord is no longer than its arc.
 */
export function milesAtLeastForChordSquared(chordSquared: number): number {
  return EARTH_RADIUS_MILES * Math.sqrt(chordSquared) * (1 - CHORD_SLACK);
}
