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
