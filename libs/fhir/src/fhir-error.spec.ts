import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { isFhirRoute, operationOutcomeOf } from './fhir-error.js';

describe('isFhirRoute', () => {
  it.each([
    ['a FHIR read', { baseUrl: '', route: { path: '/api/fhir/Task/:id' } }, true],
    ['the bundle import at the base', { baseUrl: '', route: { path: '/api/fhir' } }, true],
    ['a JSON API route', { baseUrl: '', route: { path: '/api/facilities/:facilityId' } }, false],
    ['a path that only starts like the base', { baseUrl: '', route: { path: '/api/fhirish' } }, false],
    ['the catch-all for unknown paths', { baseUrl: '/api', route: { path: '*path' } }, false],
    ['a request refused before routing', { baseUrl: '' }, false],
  ])('%s', (_case, request, expected) => {
    expect(isFhirRoute(request)).toBe(expected);
  });
});

describe('operationOutcomeOf', () => {
  it.each<[HttpException, number, string]>([
    [new BadRequestException('name the referral'), 400, 'invalid'],
    [new UnauthorizedException('Sign in first'), 401, 'login'],
    [new PayloadTooLargeException('too large'), 413, 'too-costly'],
    [new HttpException('Too many requests', 429), 429, 'throttled'],
    [new ServiceUnavailableException('try again'), 503, 'transient'],
    [new HttpException('I am a teapot', 418), 418, 'processing'],
  ])('keeps the status and codes the issue: %s', (exception, status, code) => {
    expect(operationOutcomeOf(exception)).toEqual({
      status,
      outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: exception.message }] },
    });
  });

  it('makes one issue per field problem, with the field as its expression', () => {
    const exception = new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a: x; b: y',
      errors: [
        { field: 'a', reason: 'x' },
        { field: 'b', reason: 'y' },
      ],
    });
    expect(operationOutcomeOf(exception).outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'invalid', diagnostics: 'x', expression: ['a'] },
        { severity: 'error', code: 'invalid', diagnostics: 'y', expression: ['b'] },
      ],
    });
  });

  it('says no more than that a bug was logged', () => {
    expect(operationOutcomeOf(null)).toEqual({
      status: 500,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'fatal', code: 'exception', diagnostics: 'unexpected error; it has been logged' }],
      },
    });
  });
});
