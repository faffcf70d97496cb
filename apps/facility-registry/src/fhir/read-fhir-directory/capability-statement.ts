import type { Resource } from '#fhir';

const DIRECTORY_SEARCH = ['_id', 'name', 'address-state', 'address-postalcode', 'address-city', 'active'];
const param = (name: string) => ({ name, type: name === '_id' || name === 'active' ? 'token' : 'string' });

/** What this server does in FHIR terms; referrals (ServiceRequest, Task) are served by the same base through the gateway. */
export function capabilityStatement(baseUrl: string): Resource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-24',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    implementation: { description: 'SUD treatment referral and bed availability', url: baseUrl },
    rest: [
      {
        mode: 'server',
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        resource: [
          {
            type: 'HealthcareService',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [...DIRECTORY_SEARCH.map(param), { name: 'service-type', type: 'token' }],
          },
          { type: 'Location', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: DIRECTORY_SEARCH.map(param) },
          { type: 'Organization', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: DIRECTORY_SEARCH.map(param) },
          { type: 'ServiceRequest', interaction: [{ code: 'read' }] },
          {
            type: 'Task',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: 'based-on', type: 'reference' },
              { name: 'focus', type: 'reference' },
              { name: 'owner', type: 'reference' },
              { name: 'status', type: 'token' },
            ],
          },
        ],
      },
    ],
  };
}
