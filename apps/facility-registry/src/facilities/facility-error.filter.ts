import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { badRequest } from '#web';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from './facility-errors.js';

/** Maps the registry's domain errors to HTTP: unknown facility 404, impossible update 400. */
@Catch(FacilityNotFoundError, InvalidFacilityUpdateError)
export class FacilityErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: FacilityNotFoundError | InvalidFacilityUpdateError, host: ArgumentsHost): void {
    const mapped =
      error instanceof FacilityNotFoundError
        ? new NotFoundException(error.message)
        : badRequest([...error.problems]);
    super.catch(mapped, host);
  }
}
