import 'reflect-metadata';
import { ForbiddenException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { DEPENDENCY_DOWN_RETRY_AFTER_SECONDS } from '#persistence';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { DEPENDENCY_DOWN_MESSAGE } from './api-errors.js';
import { DomainError, type DomainErrorKind } from './domain-error.js';

/** What the filter wrote: status, headers and body (JSON through the adapter, FHIR through the response). */
class RecordedResponse {
  statusCode = 0;
  headersSent = false;
  readonly headers: Record<string, string> = {};
  body: unknown;

  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  type(contentType: string): this {
    this.setHeader('content-type', contentType);
    return this;
  }

  send(text: string): this {
    this.body = JSON.parse(text);
    return this;
  }

  end(): void {}
}

const adapter = {
  reply(response: RecordedResponse, body: unknown, status: number): void {
    response.status(status).body = body;
  },
  isHeadersSent: (response: RecordedResponse) => response.headersSent,
  end(): void {},
};

const JSON_ROUTE = { baseUrl: '', route: { path: '/api/referrals/:referralId' } };
const FHIR_ROUTE = { baseUrl: '', route: { path: '/api/fhir/Task/:id' } };

function answer(error: unknown, request: object = JSON_ROUTE): RecordedResponse {
  const response = new RecordedResponse();
  new ApiExceptionFilter(adapter as never).catch(error, new ExecutionContextHost([request, response, () => undefined]));
  return response;
}

const databaseDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

beforeAll(() => Logger.overrideLogger(false));

describe('ApiExceptionFilter', () => {
  describe('the JSON API', () => {
    it.each<[DomainErrorKind, number, string]>([
      ['not-found', 404, 'Not Found'],
      ['conflict', 409, 'Conflict'],
      ['forbidden', 403, 'Forbidden'],
      ['unauthenticated', 401, 'Unauthorized'],
      ['unavailable', 503, 'Service Unavailable'],
      ['too-many', 429, 'Too Many Requests'],
      ['invalid', 400, 'Bad Request'],
    ])('answers %s with %i and Nest’s usual body', (kind, status, error) => {
      const response = answer(new DomainError(kind, 'what went wrong'));
      expect(response.statusCode).toBe(status);
      expect(response.body).toEqual({ statusCode: status, error, message: 'what went wrong' });
      expect(response.headers['retry-after']).toBeUndefined();
    });

    it('answers field problems with 400 naming each field', () => {
      const response = answer(
        DomainError.invalid([
          { field: 'zip', reason: 'is not a US ZIP code' },
          { field: 'beds.0.available', reason: 'must not be negative' },
        ]),
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'zip: is not a US ZIP code; beds.0.available: must not be negative',
        errors: [
          { field: 'zip', reason: 'is not a US ZIP code' },
          { field: 'beds.0.available', reason: 'must not be negative' },
        ],
      });
    });

    it('answers a subclass by its kind, with its own message', () => {
      class AccountNotFoundError extends DomainError {
        constructor(id: string) {
          super('not-found', `account ${id} does not exist`);
        }
      }
      expect(answer(new AccountNotFoundError('a-1')).body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'account a-1 does not exist',
      });
    });

    it('tells the caller when to retry where the error says', () => {
      const response = answer(new DomainError('unavailable', 'the matcher is catching up', { retryAfterSeconds: 5 }));
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
    });

    it('answers a database that is briefly away with 503 and Retry-After, not 500', () => {
      const response = answer(databaseDown);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe(String(DEPENDENCY_DOWN_RETRY_AFTER_SECONDS));
      expect(response.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: DEPENDENCY_DOWN_MESSAGE });
    });

    it('passes Nest’s own HTTP exceptions through as they are', () => {
      expect(answer(new ForbiddenException('This needs one of the roles admin; you are planner')).body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'This needs one of the roles admin; you are planner',
      });
      const throttled = answer(new HttpException('Too many changes', 429));
      expect(throttled.statusCode).toBe(429);
      expect(throttled.body).toEqual({ statusCode: 429, message: 'Too many changes' });
    });

    it('answers anything else with 500 and no detail', () => {
      const response = answer(new TypeError('cannot read properties of undefined'));
      expect(response.statusCode).toBe(500);
      expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    });

    it('answers JSON where no FHIR route matched: an unknown path under the FHIR base, or a body refused before routing', () => {
      expect(answer(new NotFoundException('Cannot GET /api/fhir/Patient'), { baseUrl: '/api', route: { path: '*path' } }).body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Cannot GET /api/fhir/Patient',
      });
      expect(answer(new DomainError('invalid', 'bad JSON'), { baseUrl: '' }).body).toMatchObject({ statusCode: 400 });
    });
  });

  describe('FHIR routes', () => {
    it.each<[DomainErrorKind, number, string]>([
      ['not-found', 404, 'not-found'],
      ['conflict', 409, 'conflict'],
      ['forbidden', 403, 'forbidden'],
      ['unauthenticated', 401, 'login'],
      ['unavailable', 503, 'transient'],
      ['too-many', 429, 'throttled'],
      ['invalid', 400, 'invalid'],
    ])('answer %s with %i and an OperationOutcome (%s)', (kind, status, code) => {
      const response = answer(new DomainError(kind, 'what went wrong'), FHIR_ROUTE);
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(response.body).toEqual({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code, diagnostics: 'what went wrong' }],
      });
    });

    it('name each field problem as an issue with its expression', () => {
      const response = answer(
        DomainError.invalid([
          { field: 'service-type', reason: 'must be a level of care' },
          { field: '_count', reason: 'must be at most 200' },
        ]),
        FHIR_ROUTE,
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toEqual({
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'invalid', diagnostics: 'must be a level of care', expression: ['service-type'] },
          { severity: 'error', code: 'invalid', diagnostics: 'must be at most 200', expression: ['_count'] },
        ],
      });
    });

    it('answer the bundle import at the FHIR base itself, and guards’ exceptions, as OperationOutcome', () => {
      const response = answer(new ForbiddenException('This needs one of the roles admin; you are planner'), {
        baseUrl: '',
        route: { path: '/api/fhir' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.body).toEqual({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'This needs one of the roles admin; you are planner' }],
      });
    });

    it('answer a database that is briefly away with 503, transient and Retry-After', () => {
      const response = answer(databaseDown, FHIR_ROUTE);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe(String(DEPENDENCY_DOWN_RETRY_AFTER_SECONDS));
      expect(response.body).toEqual({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'transient', diagnostics: DEPENDENCY_DOWN_MESSAGE }],
      });
    });

    it('answer anything else with 500 and a fatal issue without detail', () => {
      const response = answer(new TypeError('cannot read properties of undefined'), FHIR_ROUTE);
      expect(response.statusCode).toBe(500);
      expect(response.body).toEqual({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'fatal', code: 'exception', diagnostics: 'unexpected error; it has been logged' }],
      });
    });
  });
});
