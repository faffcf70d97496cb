import { Catch } from '@nestjs/common';
import { FhirErrorFilter, type FhirFailure } from '#fhir';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../facilities/facility-errors.js';

/** Problems with a Bundle, each at a FHIRPath expression. */
export class FhirBundleError extends Error {
  constructor(readonly problems: readonly { expression: string; reason: string }[]) {
    super(problems.map((problem) => `${problem.expression}: ${problem.reason}`).join('; '));
  }
}

@Catch()
export class FacilityFhirErrorFilter extends FhirErrorFilter {
  protected override describe(error: unknown): FhirFailure | null {
    if (error instanceof FhirBundleError) {
      return { status: 400, issues: error.problems.map((problem) => ({ severity: 'error', code: 'invalid', diagnostics: problem.reason, expression: [problem.expression] })) };
    }
    if (error instanceof InvalidFacilityUpdateError) {
      return { status: 400, issues: error.problems.map((problem) => ({ severity: 'error', code: 'invalid', diagnostics: problem.reason, expression: [problem.field] })) };
    }
    if (error instanceof FacilityNotFoundError) return { status: 404, issues: [{ severity: 'error', code: 'not-found', diagnostics: error.message }] };
    return null;
  }
}
