import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DEPENDENCY_DOWN_RETRY_AFTER_SECONDS, isDependencyDown } from '#persistence';
import { operationOutcome, type OperationOutcomeIssue } from './fhir-resource.js';
import { sendFhir } from './fhir-http.js';

interface FhirFailure {
  readonly status: number;
  readonly issues: OperationOutcomeIssue[];
}

const ISSUE_CODE: Record<number, string> = { 400: 'invalid', 401: 'login', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 413: 'too-costly', 429: 'throttled' };

/**
 * FHIR clients expect an OperationOutcome, not this API's usual error body, whatever went wrong.
 * A service extends it with the same domain-error mapping its JSON API uses (`toHttpException`).
 */
@Catch()
export class FhirErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Fhir');

  /** The service's own errors as the HTTP exception its JSON API answers with; null for anything else. */
  protected toHttpException(_error: unknown): HttpException | null {
    return null;
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const failure = this.describe(this.toHttpException(error) ?? error, response);
    sendFhir(response, operationOutcome(failure.issues), failure.status);
  }

  private describe(error: unknown, response: Response): FhirFailure {
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse() as { message?: unknown; errors?: { field: string; reason: string }[] };
      const code = ISSUE_CODE[status] ?? 'processing';
      return {
        status,
        issues: body.errors?.length
          ? body.errors.map((problem) => ({ severity: 'error', code, diagnostics: problem.reason, expression: [problem.field] }))
          : [{ severity: 'error', code, diagnostics: typeof body.message === 'string' ? body.message : error.message }],
      };
    }
    if (isDependencyDown(error)) {
      response.setHeader('Retry-After', String(DEPENDENCY_DOWN_RETRY_AFTER_SECONDS));
      return { status: 503, issues: [{ severity: 'error', code: 'transient', diagnostics: 'the database is not answering; try again shortly' }] };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, issues: [{ severity: 'fatal', code: 'exception', diagnostics: 'unexpected error; it has been logged' }] };
  }
}
