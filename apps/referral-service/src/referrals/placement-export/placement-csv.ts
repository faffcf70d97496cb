import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { PlacementExportRow } from '../database/placement-analytics.repository.port.js';

/** The export's columns, in order: no patient identity, only what placement figures need. */
export const PLACEMENT_CSV_COLUMNS = [
  'id',
  'submittedAt',
  'levelOfCare',
  'payer',
  'state',
  'outcome',
  'placedFacilityId',
  'placedFacilityName',
  'declinedBy',
  'minutesToAcceptance',
  'minutesToAdmission',
] as const satisfies readonly (keyof PlacementExportRow)[];

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The rows as CSV with a header line, produced as they are read. */
export function placementCsv(rows: AsyncIterable<PlacementExportRow>): Readable {
  const csv = stringify({
    header: true,
    columns: [...PLACEMENT_CSV_COLUMNS],
    cast: { date: (value) => value.toISOString(), string: inert },
  });
  // A failure while reading destroys the CSV stream with the error, which ends the response.
  return pipeline(Readable.from(rows), csv, () => undefined);
}
