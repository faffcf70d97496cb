import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { DEPENDENCY_DOWN_RETRY_AFTER_SECONDS, isDependencyDown } from '#persistence';
import { DomainError, type DomainErrorKind } from './domain-error.js';
import { badRequest } from './validation.pipe.js';

/** The HTTP status of each kind of domain error, for the JSON API and FHIR alike. */
export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, HttpStatus>> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  'too-many': HttpStatus.TOO_MANY_REQUESTS,
};

export const DEPENDENCY_DOWN_MESSAGE = 'The database is briefly unavailable; nothing was saved. Try again in a few seconds.';

/**
 * The error as a domain error, or null. A database that is restarting is the caller's to retry, not a
 * server bug: `unavailable` with Retry-After instead of 500 (nothing was committed).
 */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (isDependencyDown(error)) {
    return new DomainError('unavailable', DEPENDENCY_DOWN_MESSAGE, {
      retryAfterSeconds: DEPENDENCY_DOWN_RETRY_AFTER_SECONDS,
      cause: error,
    });
  }
  return null;
}

/**
 * A domain error as the HTTP exception whose body the JSON API answers with: Nest's usual
 * `{ statusCode, message, error }`, and for field problems `{ statusCode, error, message, errors: [{ field, reason }] }`.
 */
export function toHttpException(error: DomainError): HttpException {
  switch (error.kind) {
    case 'not-found':
      return new NotFoundException(error.message);
    case 'conflict':
      return new ConflictException(error.message);
    case 'forbidden':
      return new ForbiddenException(error.message);
    case 'invalid':
      return error.problems.length > 0 ? badRequest(error.problems) : new BadRequestException(error.message);
    case 'unauthenticated':
      return new UnauthorizedException(error.message);
    case 'unavailable':
      return new ServiceUnavailableException(error.message);
    case 'too-many':
      // Nest has no exception class of its own for 429; the body has the usual shape.
      return new HttpException(
        HttpException.createBody(error.message, 'Too Many Requests', HttpStatus.TOO_MANY_REQUESTS),
        HttpStatus.TOO_MANY_REQUESTS,
      );
  }
}
