import type { HttpException } from '@nestjs/common';
import { operationOutcome, type OperationOutcomeIssue, type Resource } from './fhir-resource.js';

/** The FHIR base path every FHIR controller is served under (`@Controller('fhir')` behind the /api prefix). */
export const FHIR_BASE_PATH = '/api/fhir';

const ISSUE_CODE: Readonly<Record<number, string>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-costly',
  429: 'throttled',
  503: 'transient',
};

export interface FhirErrorAnswer {
  readonly status: number;
  readonly outcome: Resource;
}

interface RoutedRequest {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
}

/**
 * Whether Express matched the request to a FHIR route. Neither the catch-all route that answers an
 * unknown path nor a request refused before routing (a body the parser could not read) counts: those
 * answer the API's usual JSON, as they always have.
 */
export function isFhirRoute(request: RoutedRequest): boolean {
  const path = typeof request.route?.path === 'string' ? `${request.baseUrl ?? ''}${request.route.path}` : '';
  return path === FHIR_BASE_PATH || path.startsWith(`${FHIR_BASE_PATH}/`);
}

/**
 * The one mapping of an error to FHIR: the HTTP exception the JSON API would answer with, as the same
 * status and an OperationOutcome (one issue per field problem, named by its expression, or one with
 * the message). Null, an error that is not the caller's, is a 500 that says no more than that it was logged.
 */
export function operationOutcomeOf(exception: HttpException | null): FhirErrorAnswer {
  if (!exception) {
    return {
      status: 500,
      outcome: operationOutcome([{ severity: 'fatal', code: 'exception', diagnostics: 'unexpected error; it has been logged' }]),
    };
  }
  const status = exception.getStatus();
  const body = exception.getResponse() as { message?: unknown; errors?: { field: string; reason: string }[] } | string;
  const code = ISSUE_CODE[status] ?? 'processing';
  const problems = typeof body === 'object' ? body.errors : undefined;
  const message = typeof body === 'object' && typeof body.message === 'string' ? body.message : exception.message;
  const issues: OperationOutcomeIssue[] = problems?.length
    ? problems.map((problem) => ({ severity: 'error', code, diagnostics: problem.reason, expression: [problem.field] }))
    : [{ severity: 'error', code, diagnostics: message }];
  return { status, outcome: operationOutcome(issues) };
}
