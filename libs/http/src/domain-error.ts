/**
 * What went wrong, in the caller's terms. Each transport gives a kind its own answer: the JSON API a
 * status code and body, FHIR routes an OperationOutcome (see ApiExceptionFilter).
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'forbidden' | 'invalid' | 'unauthenticated' | 'unavailable' | 'too-many';

/** One thing wrong with one field of a request, named by its dotted path. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export interface DomainErrorOptions {
  /** For `invalid`: each field at fault and why. */
  readonly problems?: readonly FieldProblem[];
  /** For `unavailable` (and `too-many`): how long the caller should wait before trying again (Retry-After). */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/** `field: reason` for each problem, as one line. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; ');
}

/**
 * The base of every service's domain errors. Handlers and domain code throw these (a subclass, or
 * this class itself), never a transport's exception: the one global filter maps the kind.
 */
export class DomainError extends Error {
  readonly problems: readonly FieldProblem[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.problems = options.problems ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** A request that names fields the rules refuse, with the message listing them. */
  static invalid(problems: readonly FieldProblem[]): DomainError {
    return new DomainError('invalid', describeProblems(problems), { problems });
  }
}
