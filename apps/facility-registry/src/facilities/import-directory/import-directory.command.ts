/** How far an import has come; the last one is its result. */
export interface ImportProgress {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skippedByState: number;
  rejected: { row: number; facilityId: string; reason: string }[];
  demoBedsSet: number;
}

/** Load SAMHSA's national directory (a gzipped CSV) into the registry. */
export class ImportDirectoryCommand {
  constructor(
    readonly file: string,
    /** Only these states (e.g. for a small demo); all when empty. */
    readonly states: readonly string[] = [],
    /** Give facilities without bed counts a plausible demo inventory. */
    readonly demoBeds: boolean = false,
    readonly onProgress?: (progress: ImportProgress) => void,
  ) {}
}
