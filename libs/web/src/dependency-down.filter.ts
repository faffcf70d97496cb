import { Catch, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

// PostgreSQL shutting down or not accepting connections yet, and sockets refused or cut.
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']);

export function isDependencyDown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || /Connection terminated|database system is (shutting down|starting up)/.test(error.message);
}

/**
 * A request that fails because the database is restarting is the caller's to retry, not a server
 * bug: 503 with Retry-After instead of 500. Nothing was committed (the transaction did not finish).
 */
@Catch()
export class DependencyDownFilter extends BaseExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    if (!isDependencyDown(error)) return super.catch(error, host);
    host.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', '2');
    super.catch(new ServiceUnavailableException('The database is briefly unavailable; nothing was saved. Try again in a few seconds.'), host);
  }
}
