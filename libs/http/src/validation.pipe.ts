import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { describeProblems, type FieldProblem } from './domain-error.js';

/** Flattens nested class-validator errors into one entry per field, with a dotted path. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/** The 400 the API answers for field problems: `{ statusCode, error, message, errors: [{ field, reason }] }`. */
export function badRequest(problems: readonly FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: describeProblems(problems),
    errors: problems,
  });
}

/**
 * Every body, query and path parameter passes through this: unknown fields are rejected rather than
 * silently dropped, and the 400 names each field with its reason.
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => badRequest(toFieldProblems(errors)),
  });
}
