import type { FieldProblem } from './facility-rules.js';

/** Domain errors; each transport maps them to its own status codes. */
export class FacilityNotFoundError extends Error {
  constructor(readonly facilityId: string) {
    super(`facility ${facilityId} does not exist`);
  }
}

/** A change the facility's own data makes impossible, e.g. beds for a program it does not run. */
export class InvalidFacilityUpdateError extends Error {
  readonly problems: readonly FieldProblem[];

  constructor(problems: readonly FieldProblem[]);
  constructor(field: string, reason: string);
  constructor(first: readonly FieldProblem[] | string, reason?: string) {
    const problems = typeof first === 'string' ? [{ field: first, reason: reason ?? '' }] : first;
    super(problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; '));
    this.problems = problems;
  }

  get field(): string {
    return this.problems[0]?.field ?? '';
  }

  static throwIfAny(problems: readonly FieldProblem[]): void {
    if (problems.length > 0) throw new InvalidFacilityUpdateError(problems);
  }
}
