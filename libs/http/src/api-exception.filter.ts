import { Catch, HttpException, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { isFhirRoute, operationOutcomeOf, sendFhir } from '#fhir';
import { toDomainError, toHttpException } from './api-errors.js';

/**
 * The one exception filter, registered for every HTTP service by configureHttpApp. Domain errors
 * answer by their kind (unavailable ones with Retry-After), Nest's own HTTP exceptions (validation,
 * guards, throttling) as they are, anything else is a bug: logged, and 500 without detail. FHIR routes
 * answer the same status with an OperationOutcome instead of the JSON body, as FHIR clients expect.
 */
@Catch()
export class ApiExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('ExceptionsHandler');

  override catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const domain = toDomainError(error);
    if (domain?.retryAfterSeconds !== undefined && !response.headersSent)
      response.setHeader('Retry-After', String(domain.retryAfterSeconds));
    const exception = domain ? toHttpException(domain) : error instanceof HttpException ? error : null;
    if (!isFhirRoute(http.getRequest<Request>())) return super.catch(exception ?? error, host);
    if (!exception) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (response.headersSent) return void response.end();
    const { status, outcome } = operationOutcomeOf(exception);
    sendFhir(response, outcome, status);
  }
}
