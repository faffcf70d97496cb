import { Catch, ConflictException, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { badRequest } from '#web';
import { InvalidReferralError, ReferralConflictError, ReferralNotFoundError, TaskNotFoundError } from './referral-errors.js';

type ReferralError = ReferralNotFoundError | TaskNotFoundError | InvalidReferralError | ReferralConflictError;

@Catch(ReferralNotFoundError, TaskNotFoundError, InvalidReferralError, ReferralConflictError)
export class ReferralErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: ReferralError, host: ArgumentsHost): void {
    const mapped =
      error instanceof ReferralNotFoundError || error instanceof TaskNotFoundError
        ? new NotFoundException(error.message)
        : error instanceof ReferralConflictError
          ? new ConflictException(error.message)
          : badRequest([{ field: error.field, reason: error.reason }]);
    super.catch(mapped, host);
  }
}
