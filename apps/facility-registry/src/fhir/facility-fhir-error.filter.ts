import { Catch, type HttpException } from '@nestjs/common';
import { FhirErrorFilter } from '#fhir';
import { facilityHttpException } from '../facilities/facility-error.filter.js';

@Catch()
export class FacilityFhirErrorFilter extends FhirErrorFilter {
  protected override toHttpException(error: unknown): HttpException | null {
    return facilityHttpException(error);
  }
}
