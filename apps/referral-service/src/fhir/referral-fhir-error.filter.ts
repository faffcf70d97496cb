import { Catch } from '@nestjs/common';
import { FhirErrorFilter, type FhirFailure } from '#fhir';
import { ReferralNotFoundError } from '../referrals/referral-errors.js';

@Catch()
export class ReferralFhirErrorFilter extends FhirErrorFilter {
  protected override describe(error: unknown): FhirFailure | null {
    if (error instanceof ReferralNotFoundError) return { status: 404, issues: [{ severity: 'error', code: 'not-found', diagnostics: error.message }] };
    return null;
  }
}
