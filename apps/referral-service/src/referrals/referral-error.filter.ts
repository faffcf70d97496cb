import { Catch, ConflictException, ForbiddenException, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { badRequest } from '#web';
import {
  InvalidReferralError,
  PatientDetailsNotFoundError,
  ReferralConflictError,
  ReferralForbiddenError,
  ReferralNotFoundError,
  TaskNotFoundError,
} from './referral-errors.js';

type ReferralError = ReferralNotFoundError | TaskNotFoundError | PatientDetailsNotFoundError | InvalidReferralError | ReferralConflictError | ReferralForbiddenError;

@Catch(ReferralNotFoundError, TaskNotFoundError, PatientDetailsNotFoundError, InvalidReferralError, ReferralConflictError, ReferralForbiddenError)
export class ReferralErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: ReferralError, host: ArgumentsHost): void {
    const mapped =
      error instanceof ReferralNotFoundError || error instanceof TaskNotFoundError || error instanceof PatientDetailsNotFoundError
        ? new NotFoundException(error.message)
        : error instanceof ReferralConflictError
          ? new ConflictException(error.message)
          : error instanceof ReferralForbiddenError
            ? new ForbiddenException(error.message)
            : badRequest([{ field: error.field, reason: error.reason }]);
    super.catch(mapped, host);
  }
}
