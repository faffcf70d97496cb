import { factsOf } from './facility-facts.js';
import { FacilityIndex, listingOfList, type CellListing } from './facility-index.js';
import type { FacilitySnapshot } from './facility-snapshot.js';
import type { MatchRequest } from './match-request.js';

/** Where facilities come from: a plain list (tests, small sets) or the grid index (the matcher). */
export type FacilitySource = Iterable<FacilitySnapshot> | FacilityIndex;

/**
 * The facts of every facility the source may hold within `miles` of `origin`: the grid's cells near
 * it, or the whole list; with `outside`, leaving out what a call for `outside` miles gave (the whole
 * list, for a list).
 */
export function candidatesOf(source: FacilitySource, origin: MatchRequest['origin'], miles: number, outside?: number): CellListing[] {
  if (source instanceof FacilityIndex) return source.cellsNear(origin, miles, outside);
  return outside === undefined ? [listingOfList(Array.from(source, factsOf))] : [];
}
