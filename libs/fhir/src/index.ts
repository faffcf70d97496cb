// FHIR R4 shared by the services that speak it: resource shapes, code systems, errors as OperationOutcome.
export * from './fhir-resource.js';
export * from './fhir-terminology.js';
export * from './fhir-error.js';
export * from './fhir-http.js';
