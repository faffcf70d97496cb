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
