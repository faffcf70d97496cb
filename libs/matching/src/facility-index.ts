import {
  compileFacts,
  recordOf,
  recordsOf,
  summarizeFacts,
  summaryRecord,
  type FacilityFacts,
  type FactsSummary,
} from './facility-facts.js';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { distanceMilesAtLeast, latitudeCosine } from './geo-distance.js';

const MILES_PER_DEGREE_LATITUDE = 69.05;
/** Cell size in degrees: about 35 mi north–south; a typical search reads a handful of cells. */
const CELL_DEGREES = 0.5;

const cellOf = (degrees: number): number => Math.floor(degrees / CELL_DEGREES);
/** Longitude cells round the globe; cell numbers wrap, so -180° and +180° share a cell. */
const LONGITUDE_CELLS = 360 / CELL_DEGREES;
const FIRST_LONGITUDE_CELL = cellOf(-180);
const wrapLongitudeCell = (cell: number): number =>
  ((((cell - FIRST_LONGITUDE_CELL) % LONGITUDE_CELLS) + LONGITUDE_CELLS) % LONGITUDE_CELLS) + FIRST_LONGITUDE_CELL;

/** One number per cell, naming it to a search: longitude cells lie within ±360, so rows 10,000 apart never meet. */
const cellKey = (latitudeCell: number, longitudeCell: number): number => latitudeCell * 10_000 + longitudeCell;

/**
 * All facilities in memory, bucketed on a latitude/longitude grid, so a search reads only the cells
 * within its distance limit instead of the whole directory. Updating a facility moves it between
 * cells; the grid never needs rebuilding. Each facility is held with its facts, compiled as it is
 * upserted, which is what a search reads.
 */
export class FacilityIndex {
  private readonly byId = new Map<string, FacilityFacts>();
  /**
   * Cells by latitude row, each row an array over the LONGITUDE_CELLS cells round the globe,
   * so a search looks a row up once and its cells by position.
   */
  private readonly rows = new Map<number, (Cell | undefined)[]>();

  get size(): number {
    return this.byId.size;
  }

  get(facilityId: string): FacilitySnapshot | undefined {
    return this.byId.get(facilityId)?.facility;
  }

  upsert(facility: FacilitySnapshot): void {
    const previous = this.byId.get(facility.facilityId);
    if (previous) this.cell(previous.facility).delete(previous.facility.facilityId);
    const facts = compileFacts(facility, previous);
    this.byId.set(facility.facilityId, facts);
    this.cell(facility).set(facts);
  }

  remove(facilityId: string): void {
    const previous = this.byId.get(facilityId);
    if (!previous) return;
    this.cell(previous.facility).delete(facilityId);
    this.byId.delete(facilityId);
  }

  *values(): IterableIterator<FacilitySnapshot> {
    for (const facts of this.byId.values()) yield facts.facility;
  }

  /** Facilities in the cells that may lie within `miles` of `origin` (a superset: check the distance). */
  *near(origin: { readonly latitude: number; readonly longitude: number }, miles: number): IterableIterator<FacilitySnapshot> {
    for (const cell of this.cellsNear(origin, miles)) for (const facts of cell.facts) yield facts.facility;
  }

  /**
   * The facts of the facilities `near` gives, cell by cell, for the search; with `outside`, only
   * those of the cells that `near` at `outside` miles (no more than `miles`) would not read, so a
   * search that widens step by step reads each cell once.
   */
  cellsNear(origin: { readonly latitude: number; readonly longitude: number }, miles: number, outside?: number): CellListing[] {
    const box = boxAround(origin, miles);
    const inner = outside === undefined ? undefined : boxAround(origin, outside);
    const found: CellListing[] = [];
    for (let lat = box.fromLat; lat <= box.toLat; lat += 1) {
      const row = this.rows.get(lat);
      if (row === undefined) continue;
      const innerRow = inner !== undefined && lat >= inner.fromLat && lat <= inner.toLat;
      for (let lon = box.fromLon; lon <= box.toLon; lon += 1) {
        // The inner box's cells, however either box writes their numbers round the globe.
        if (innerRow && wrapLongitudeCell(lon - inner.fromLon + FIRST_LONGITUDE_CELL) - FIRST_LONGITUDE_CELL <= inner.toLon - inner.fromLon)
          continue;
        // Wrap across the antimeridian (Alaska, Guam and the Pacific territories sit near it).
        const at = lon - FIRST_LONGITUDE_CELL;
        const cell = row[at >= 0 && at < LONGITUDE_CELLS ? at : wrapLongitudeCell(lon) - FIRST_LONGITUDE_CELL];
        if (cell !== undefined) found.push(cell.list());
      }
    }
    return found;
  }

  private cell(facility: FacilitySnapshot): Cell {
    const latitudeCell = cellOf(facility.latitude);
    const longitudeCell = wrapLongitudeCell(cellOf(facility.longitude));
    let row = this.rows.get(latitudeCell);
    if (row === undefined) {
      row = new Array<Cell | undefined>(LONGITUDE_CELLS).fill(undefined);
      this.rows.set(latitudeCell, row);
    }
    let cell = row[longitudeCell - FIRST_LONGITUDE_CELL];
    if (!cell) {
      const south = latitudeCell * CELL_DEGREES;
      const edge = Math.max(Math.abs(south), Math.abs(south + CELL_DEGREES));
      const bounds = { south, west: longitudeCell * CELL_DEGREES, degrees: CELL_DEGREES, cosine: Math.max(0, latitudeCosine(edge)) };
      cell = new Cell(cellKey(latitudeCell, longitudeCell), bounds);
      row[longitudeCell - FIRST_LONGITUDE_CELL] = cell;
    }
    return cell;
  }
}

/**
 * The cells that may lie within `miles` of `origin`: rows, and columns numbered without wrapping
 * (wrapLongitudeCell gives a cell's own number). A wider box holds every cell of a narrower one.
 */
function boxAround(
  origin: { readonly latitude: number; readonly longitude: number },
  miles: number,
): { fromLat: number; toLat: number; fromLon: number; toLon: number } {
  const latitudeSpan = miles / MILES_PER_DEGREE_LATITUDE;
  const nearestPole = Math.abs(origin.latitude) + latitudeSpan;
  // Within reach of (or over) a pole, every longitude may be within reach.
  const longitudeSpan =
    nearestPole >= 89 ? 180 : Math.min(180, miles / (MILES_PER_DEGREE_LATITUDE * Math.cos((nearestPole * Math.PI) / 180)));
  const wholeCircle = longitudeSpan >= 180;
  const fromLon = wholeCircle ? FIRST_LONGITUDE_CELL : cellOf(origin.longitude - longitudeSpan);
  return {
    fromLat: cellOf(origin.latitude - latitudeSpan),
    toLat: cellOf(origin.latitude + latitudeSpan),
    fromLon,
    // A row never reads more than the LONGITUDE_CELLS cells round the globe, each once.
    toLon: wholeCircle
      ? FIRST_LONGITUDE_CELL + LONGITUDE_CELLS - 1
      : Math.min(cellOf(origin.longitude + longitudeSpan), fromLon + LONGITUDE_CELLS - 1),
  };
}

/** Where a cell lies: its south-west corner and its size, in degrees. */
export interface CellBounds {
  readonly south: number;
  readonly west: number;
  readonly degrees: number;
  /** The smaller cosine of its southern and northern edges' latitudes (not below 0). */
  readonly cosine: number;
}

/** The facilities of one cell as a search reads them. */
export interface CellListing {
  /** Identifies the cell: id ranks compare only within one. */
  readonly cell: number;
  /** Where it lies; undefined for a plain list, which lies anywhere. */
  readonly bounds: CellBounds | undefined;
  /** The cell's facilities, in the order they were last upserted. */
  readonly facts: readonly FacilityFacts[];
  /**
   * Each facility's place among the cell's facility ids in localeCompare order (equal for ids that
   * compare equal), so ties between facilities of one cell (often at the same ZIP centroid) are
   * broken without collating their ids again.
   */
  readonly idRanks: readonly number[];
  /** What the cell's active facilities offer between them; undefined for a plain list, which is read whole. */
  readonly summary: FactsSummary | undefined;
  /**
   * Columns over `facts`, in their order, so that a search tells most facilities beyond reach or
   * without the level it needs from a few adjacent numbers, without reading their facts: where each
   * lies (its unit vector: x, y, z; and its latitude, longitude and the latitude's cosine, for
   * distanceMiles), its level bits, whether it is active.
   */
  readonly unitVectors: Float64Array;
  readonly coordinates: Float64Array;
  readonly levels: Int32Array;
  /** FacilityFacts.freeLevels. */
  readonly freeLevels: Int32Array;
  readonly active: Uint8Array;
  /**
   * Where each facility's record (facility-facts.ts) lies: the array that holds it, and where it starts
   * there. A cell's records lie one after another in one array; a plain list's each in its own, kept
   * from search to search.
   */
  readonly records: readonly Float64Array[];
  readonly offsets: Int32Array;
  /** The summary's record; undefined without a summary. */
  readonly summaryRecord: Float64Array | undefined;
  /** How many facilities are inactive, and where the first inactive and the first active one stand in `facts` (-1: none). */
  readonly inactive: number;
  readonly firstInactive: number;
  readonly firstActive: number;
}

/** Numbers per facility in CellListing.unitVectors (x, y, z) and CellListing.coordinates (latitude, longitude, cosine). */
export const PLACE_STRIDE = 3;

/** The listing of a plain list's facts: its records are those of each facility alone (recordOf). */
export const listingOfList = (facts: readonly FacilityFacts[]): CellListing =>
  listingOf(NaN, undefined, facts, [], undefined, {
    records: facts.map(recordOf),
    offsets: new Int32Array(facts.length),
  });

/** The listing of a cell's `facts`, with its columns; its records written one after another, unless given. */
export function listingOf(
  cell: number,
  bounds: CellBounds | undefined,
  facts: readonly FacilityFacts[],
  idRanks: readonly number[],
  summary: FactsSummary | undefined,
  given?: { readonly records: readonly Float64Array[]; readonly offsets: Int32Array },
): CellListing {
  const unitVectors = new Float64Array(facts.length * PLACE_STRIDE);
  const coordinates = new Float64Array(facts.length * PLACE_STRIDE);
  const levels = new Int32Array(facts.length);
  const freeLevels = new Int32Array(facts.length);
  const active = new Uint8Array(facts.length);
  let inactive = 0;
  let firstInactive = -1;
  let firstActive = -1;
  facts.forEach((member, at) => {
    const place = at * PLACE_STRIDE;
    unitVectors.set(member.unitVector, place);
    coordinates[place] = member.latitude;
    coordinates[place + 1] = member.longitude;
    coordinates[place + 2] = member.cosLatitude;
    levels[at] = member.levels;
    freeLevels[at] = member.freeLevels;
    if (member.active) {
      active[at] = 1;
      if (firstActive < 0) firstActive = at;
    } else {
      inactive += 1;
      if (firstInactive < 0) firstInactive = at;
    }
  });
  let records = given?.records;
  let offsets = given?.offsets;
  if (records === undefined || offsets === undefined) {
    const written = recordsOf(facts);
    records = new Array<Float64Array>(facts.length).fill(written.records);
    offsets = written.offsets;
  }
  return {
    cell,
    bounds,
    facts,
    idRanks,
    summary,
    unitVectors,
    coordinates,
    levels,
    freeLevels,
    active,
    records,
    offsets,
    summaryRecord: summary === undefined ? undefined : summaryRecord(summary),
    inactive,
    firstInactive,
    firstActive,
  };
}

/**
 * A lower bound on the distance from a point (latitude, longitude, and the cosine of its latitude)
 * to any point of a cell: the latitude gap, the longitude gap and the smaller cosine of the cell's
 * latitudes, each no more than any point has.
 */
export function milesToCellAtLeast(latitude: number, longitude: number, cosine: number, bounds: CellBounds): number {
  const north = bounds.south + bounds.degrees;
  const latitudeGap = Math.max(0, bounds.south - latitude, latitude - north);
  const eastOfWest = (((longitude - bounds.west) % 360) + 360) % 360;
  const longitudeGap = eastOfWest <= bounds.degrees ? 0 : Math.min(360 - eastOfWest, eastOfWest - bounds.degrees, 180);
  return distanceMilesAtLeast(latitudeGap, longitudeGap, cosine, bounds.cosine);
}

/**
 * The facilities of one cell, in the order they were last upserted. A search reads them as arrays,
 * rebuilt with their summary on the first search after a change, so updates stay cheap and searches
 * walk plain arrays; the id ranks are worked out again only when the cell's set of facilities changes.
 */
class Cell {
  private readonly members = new Map<string, FacilityFacts>();
  private listed: CellListing | undefined;
  private ranks = new Map<string, number>();

  constructor(
    private readonly key: number,
    private readonly bounds: CellBounds,
  ) {}

  set(facts: FacilityFacts): void {
    this.members.set(facts.facility.facilityId, facts);
    this.listed = undefined;
  }

  delete(facilityId: string): void {
    if (this.members.delete(facilityId)) this.listed = undefined;
  }

  list(): CellListing {
    if (this.listed) return this.listed;
    const facts = [...this.members.values()];
    if (this.ranks.size !== facts.length || facts.some((member) => !this.ranks.has(member.facility.facilityId))) {
      this.ranks = rankIds([...this.members.keys()]);
    }
    this.listed = listingOf(
      this.key,
      this.bounds,
      facts,
      facts.map((member) => this.ranks.get(member.facility.facilityId)!),
      summarizeFacts(facts),
    );
    return this.listed;
  }
}

/** Each id's place in localeCompare order; ids that compare equal share a place. */
function rankIds(ids: string[]): Map<string, number> {
  ids.sort((a, b) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = 0;
  ids.forEach((id, at) => {
    if (at > 0 && ids[at - 1]!.localeCompare(id) !== 0) rank += 1;
    ranks.set(id, rank);
  });
  return ranks;
}
