import { Catch, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DEPENDENCY_DOWN_RETRY_AFTER_SECONDS, isDependencyDown } from '#persistence';

/**
 * A request that fails because the database is restarting is the caller's to retry, not a server
 * bug: 503 with Retry-After instead of 500. Nothing was committed (the transaction did not finish).
 */
@Catch()
export class DependencyDownFilter extends BaseExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    if (!isDependencyDown(error)) return super.catch(error, host);
    host.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(DEPENDENCY_DOWN_RETRY_AFTER_SECONDS));
    super.catch(new ServiceUnavailableException('The database is briefly unavailable; nothing was saved. Try again in a few seconds.'), host);
  }
}
