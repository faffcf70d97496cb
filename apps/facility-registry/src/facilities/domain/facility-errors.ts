import { describeProblems, DomainError } from '#http';
import type { FieldProblem } from './facility-rules.js';

/** The registry's domain errors; the API's one exception filter gives each kind its status. */
export class FacilityNotFoundError extends DomainError {
  constructor(readonly facilityId: string) {
    super('not-found', `facility ${facilityId} does not exist`);
  }
}

/** A change the facility's own data makes impossible, e.g. beds for a program it does not run. */
export class InvalidFacilityUpdateError extends DomainError {
  constructor(problems: readonly FieldProblem[]);
  constructor(field: string, reason: string);
  constructor(first: readonly FieldProblem[] | string, reason?: string) {
    const problems = typeof first === 'string' ? [{ field: first, reason: reason ?? '' }] : first;
    super('invalid', describeProblems(problems), { problems });
  }

  get field(): string {
    return this.problems[0]?.field ?? '';
  }

  static throwIfAny(problems: readonly FieldProblem[]): void {
    if (problems.length > 0) throw new InvalidFacilityUpdateError(problems);
  }
}

/** The facility holds no credential of that type (and number). */
export class CredentialNotFoundError extends DomainError {
  constructor(facilityId: string, type: string, identifier?: string | null) {
    super('not-found', `facility ${facilityId} holds no ${type}${identifier ? ` numbered ${identifier}` : ''}`);
  }
}
