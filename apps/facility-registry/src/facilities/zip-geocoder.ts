import zipcodes from 'zipcodes';

export type ZipGeocoder = (zip: string) => { latitude: number; longitude: number } | undefined;

export const ZIP_GEOCODER = Symbol('ZIP_GEOCODER');

/** ZIP code centroids from the `zipcodes` package: no network, good enough for distances in miles. */
export const zipcodesGeocoder: ZipGeocoder = (zip) => {
  const found = zipcodes.lookup(zip);
  return found ? { latitude: found.latitude, longitude: found.longitude } : undefined;
};
