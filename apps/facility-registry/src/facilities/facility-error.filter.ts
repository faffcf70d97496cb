import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter, type HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { badRequest } from '#web';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from './facility-errors.js';

/** The registry's domain errors as HTTP: unknown facility 404, impossible update 400; null for any other error. */
export function facilityHttpException(error: unknown): HttpException | null {
  if (error instanceof FacilityNotFoundError) return new NotFoundException(error.message);
  if (error instanceof InvalidFacilityUpdateError) return badRequest([...error.problems]);
  return null;
}

@Catch(FacilityNotFoundError, InvalidFacilityUpdateError)
export class FacilityErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: FacilityNotFoundError | InvalidFacilityUpdateError, host: ArgumentsHost): void {
    super.catch(facilityHttpException(error), host);
  }
}
