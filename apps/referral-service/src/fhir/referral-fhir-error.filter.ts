import { Catch, type HttpException } from '@nestjs/common';
import { FhirErrorFilter } from '#fhir';
import { referralHttpException } from '../referrals/referral-error.filter.js';

@Catch()
export class ReferralFhirErrorFilter extends FhirErrorFilter {
  protected override toHttpException(error: unknown): HttpException | null {
    return referralHttpException(error);
  }
}
