import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { IGNORED_CODES, MAPPED_CODE_TABLES } from './samhsa-row.mapper.js';

// The dictionary of the directory's codes (CRLF line endings) and the mapper's own source, whose
// tables carry each code's label as a trailing comment (or, where that would run past 140 columns,
// as a comment on the line above the entry).
const DICTIONARY = parse(readFileSync(new URL('../../../data/samhsa/service_codes.csv', import.meta.url)), {
  columns: true,
  skip_empty_lines: true,
}) as { directory_type: string; code: string; label: string }[];
const LABELS = new Map(DICTIONARY.map((entry) => [entry.code, entry.label]));
const SOURCE = readFileSync(new URL('./samhsa-row.mapper.ts', import.meta.url), 'utf8');

const mappedCodes = new Set(Object.values(MAPPED_CODE_TABLES).flatMap((table) => Object.keys(table)));

/**
 * `  CODE: value, // label` lines of one exported table of the mapper's source, and `  CODE: value,` lines
 * right below `  // label` comment lines (joined with spaces when wrapped).
 */
function commentedEntries(table: string): Map<string, string> {
  const start = SOURCE.indexOf(`export const ${table}`);
  const end = SOURCE.indexOf('\n};', start);
  const entries = new Map<string, string>();
  let above: string[] = [];
  for (const line of SOURCE.slice(start, end).split('\n')) {
    const comment = /^ {2}\/\/ (.+)$/.exec(line);
    if (comment) {
      above.push(comment[1]!);
      continue;
    }
    const match = /^ {2}([A-Z][A-Z0-9]*): .*, \/\/ (.+)$/.exec(line);
    const bare = /^ {2}([A-Z][A-Z0-9]*): .*,$/.exec(line);
    if (match) entries.set(match[1]!, match[2]!);
    else if (bare && above.length > 0) entries.set(bare[1]!, above.join(' '));
    above = [];
  }
  return entries;
}

const TABLE_NAMES = [...SOURCE.matchAll(/^export const ([A-Z_]+_CODES)\b/gm)].map((match) => match[1]!);

describe('the mapping of the directory codes (service_codes.csv)', () => {
  it('reads the whole dictionary: 224 substance-use codes, each once', () => {
    expect(DICTIONARY).toHaveLength(224);
    expect(LABELS.size).toBe(224);
    expect(new Set(DICTIONARY.map((entry) => entry.directory_type))).toEqual(new Set(['substance']));
  });

  it('maps every code of the dictionary or lists it as deliberately ignored, with why', () => {
    const unaccounted = [...LABELS.keys()].filter((code) => !mappedCodes.has(code) && !(code in IGNORED_CODES));
    expect(unaccounted).toEqual([]);
    for (const [code, why] of Object.entries(IGNORED_CODES)) expect([code, why.length > 10]).toEqual([code, true]);
  });

  it('names no code that is not in the dictionary, and ignores no code it maps', () => {
    expect([...mappedCodes].filter((code) => !LABELS.has(code))).toEqual([]);
    expect(Object.keys(IGNORED_CODES).filter((code) => !LABELS.has(code))).toEqual([]);
    expect(Object.keys(IGNORED_CODES).filter((code) => mappedCodes.has(code))).toEqual([]);
  });

  it('gives each entry of every table the label of the dictionary as its trailing comment', () => {
    expect(TABLE_NAMES).toEqual(expect.arrayContaining(['LEVEL_CODES', 'PARENT_LEVEL_CODES', 'MEDICATION_CODES', 'IGNORED_CODES']));
    for (const table of TABLE_NAMES) {
      for (const [code, comment] of commentedEntries(table)) {
        // Two labels lost a symbol in the source (a replacement character); the comment may say which.
        const label = LABELS.get(code)!.replace(/\uFFFD/g, '');
        expect([table, code, comment.startsWith(label)]).toEqual([table, code, true]);
      }
    }
    // Every code of every table has its label comment, trailing or above (none hides on a line of its own making).
    const commented = new Set(TABLE_NAMES.flatMap((table) => [...commentedEntries(table).keys()]));
    expect([...mappedCodes, ...Object.keys(IGNORED_CODES)].filter((code) => !commented.has(code))).toEqual([]);
  });

  it('lists a code in two families only where it says two things', () => {
    const families = new Map<string, string[]>();
    for (const [family, table] of Object.entries(MAPPED_CODE_TABLES)) {
      for (const code of Object.keys(table)) families.set(code, [...(families.get(code) ?? []), family]);
    }
    const shared = Object.fromEntries([...families].filter(([, names]) => names.length > 1));
    expect(shared).toEqual({
      // Maintenance is both a medication used and a service (MM, BUM).
      MM: ['medications', 'medicationServices'],
      BUM: ['medications', 'medicationServices'],
      // NMOA is a stated refusal and says medication prescribed elsewhere is not continued.
      NMOA: ['medicationServices', 'continuesExternalMedication'],
      // Mentoring/peer support is a therapy and a recovery support.
      PEER: ['supportServices', 'therapies'],
    });
  });
});
