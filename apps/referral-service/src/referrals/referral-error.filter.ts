import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { badRequest } from '#web';
import { InvalidReferralError, ReferralNotFoundError } from './referral-errors.js';

@Catch(ReferralNotFoundError, InvalidReferralError)
export class ReferralErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: ReferralNotFoundError | InvalidReferralError, host: ArgumentsHost): void {
    const mapped =
      error instanceof ReferralNotFoundError
        ? new NotFoundException(error.message)
        : badRequest([{ field: error.field, reason: error.reason }]);
    super.catch(mapped, host);
  }
}
