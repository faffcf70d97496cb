// PostgreSQL shutting down or not accepting connections yet, and sockets refused or cut.
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
]);

/** What a 503 for a database that is briefly away tells the client to wait, in seconds (Retry-After). */
export const DEPENDENCY_DOWN_RETRY_AFTER_SECONDS = 2;

/** Whether an error means the database is (briefly) out of reach, rather than a bug or bad data. */
export function isDependencyDown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    /Connection terminated|database system is (shutting down|starting up)/.test(error.message)
  );
}
