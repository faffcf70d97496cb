import type { Response } from 'express';
import { withoutEmpty, type Resource } from './fhir-resource.js';
import { FHIR_JSON } from './fhir-terminology.js';

/** Every FHIR answer goes out here: as application/fhir+json, with the empty elements FHIR forbids left out. */
export function sendFhir(response: Response, resource: Resource, status = 200): void {
  response
    .status(status)
    .type(FHIR_JSON)
    .send(JSON.stringify(withoutEmpty(resource)));
}
