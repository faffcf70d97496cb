import type { Request, Response } from 'express';
import { FHIR_BASE_PATH } from './fhir-error.js';
import { withoutEmpty, type Resource } from './fhir-resource.js';
import { FHIR_JSON } from './fhir-terminology.js';

/** Every FHIR answer goes out here: as application/fhir+json, with the empty elements FHIR forbids left out. */
export function sendFhir(response: Response, resource: Resource, status = 200): void {
  response
    .status(status)
    .type(FHIR_JSON)
    .send(JSON.stringify(withoutEmpty(resource)));
}

/** The FHIR base as the client called it (through the gateway, whose Host header is kept). */
export function fhirBaseUrl(request: Request): string {
  return `${request.protocol}://${request.get('host')}${FHIR_BASE_PATH}`;
}
