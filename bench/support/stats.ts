/** Latency figures over one series of timed calls. */
export interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

/** Microseconds elapsed since `start` (from process.hrtime.bigint()). */
export function microsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1_000;
}

export function millisSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1_000_000;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12,184 */
export function formatInt(value: number): string {
  return Number.isFinite(value) ? integer.format(value) : '–';
}

/** A figure with about three significant digits: 0.0123, 1.23, 12.3, 123, 1,234. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return integer.format(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** Writes progress lines with the time since the run started. */
export class Progress {
  private readonly started = process.hrtime.bigint();

  log(message: string): void {
    const seconds = millisSince(this.started) / 1000;
    process.stdout.write(`[${seconds.toFixed(1).padStart(6)} s] ${message}\n`);
  }

  get elapsedSeconds(): number {
    return millisSince(this.started) / 1000;
  }
}

/** A plain text table: the first row is the header; columns after the first are right-aligned. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' │ ');
  const rule = widths.map((width) => '─'.repeat(width)).join('─┼─');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}
