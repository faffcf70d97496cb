import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { badRequest } from '#web';
import { FacilityNotFoundError, InvalidBedUpdateError } from './facility-errors.js';

/** Maps the registry's domain errors to HTTP: unknown facility 404, impossible update 400. */
@Catch(FacilityNotFoundError, InvalidBedUpdateError)
export class FacilityErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: FacilityNotFoundError | InvalidBedUpdateError, host: ArgumentsHost): void {
    const mapped =
      error instanceof FacilityNotFoundError
        ? new NotFoundException(error.message)
        : badRequest([{ field: error.field, reason: error.reason }]);
    super.catch(mapped, host);
  }
}
