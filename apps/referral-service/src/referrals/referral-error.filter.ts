import { Catch, ConflictException, ForbiddenException, NotFoundException, type ArgumentsHost, type ExceptionFilter, type HttpException } from '@nestjs/common';
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

/** The referral service's domain errors as HTTP (404, 409, 403 or 400 with the field); null for any other error. */
export function referralHttpException(error: unknown): HttpException | null {
  if (error instanceof ReferralNotFoundError || error instanceof TaskNotFoundError || error instanceof PatientDetailsNotFoundError) {
    return new NotFoundException(error.message);
  }
  if (error instanceof ReferralConflictError) return new ConflictException(error.message);
  if (error instanceof ReferralForbiddenError) return new ForbiddenException(error.message);
  if (error instanceof InvalidReferralError) return badRequest([{ field: error.field, reason: error.reason }]);
  return null;
}

@Catch(ReferralNotFoundError, TaskNotFoundError, PatientDetailsNotFoundError, InvalidReferralError, ReferralConflictError, ReferralForbiddenError)
export class ReferralErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: Error, host: ArgumentsHost): void {
    super.catch(referralHttpException(error), host);
  }
}
