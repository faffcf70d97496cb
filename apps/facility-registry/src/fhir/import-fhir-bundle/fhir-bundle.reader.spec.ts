import { CODE_SYSTEM, EXTENSION } from '#fhir';
import { facilitiesFromBundle } from './fhir-bundle.reader.js';

const location = {
  resourceType: 'Location',
  id: 'loc-1',
  name: 'Cody Recovery',
  address: { line: ['1 Main St'], city: 'Cody', state: 'WY', postalCode: '82414' },
  telecom: [{ system: 'phone', value: '307-555-0111' }],
};

const service = (overrides: Record<string, unknown> = {}) => ({
  resourceType: 'HealthcareService',
  name: 'Cody Recovery',
  location: [{ reference: 'Location/loc-1' }],
  type: [
    {
      coding: [
        { system: CODE_SYSTEM.levelOfCare, code: 'detox-residential' },
        { system: 'http://example.org/other', code: 'x' },
      ],
    },
  ],
  characteristic: [
    { coding: [{ system: CODE_SYSTEM.payer, code: 'medicaid' }] },
    { coding: [{ system: CODE_SYSTEM.population, code: 'women' }] },
  ],
  communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }],
  eligibility: [{ code: { coding: [{ system: CODE_SYSTEM.gender, code: 'female' }] } }],
  ...overrides,
});

describe('facilitiesFromBundle', () => {
  it('reads a HealthcareService with the Location it references into the facility the registry creates', () => {
    const { facilities, problems } = facilitiesFromBundle({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: location }, { resource: service() }],
    });
    expect(problems).toEqual([]);
    expect(facilities).toEqual([
      {
        expression: 'Bundle.entry[1].resource',
        facility: expect.objectContaining({
          name: 'Cody Recovery',
          street: '1 Main St',
          city: 'Cody',
          state: 'WY',
          zip: '82414',
          phone: '307-555-0111',
          active: true,
          programs: [{ levelOfCare: 'detox-residential' }],
          populations: ['women'],
          gendersAccepted: ['female'],
          languages: ['spanish'],
          insurance: { payers: ['medicaid'], privateInsurancePlans: [] },
          credentials: [],
        }),
      },
    ]);
  });

  it('takes credentials with their status and expiry from the extension, else the characteristic codes as active', () => {
    const extension = [
      {
        url: EXTENSION.credential,
        extension: [
          { url: 'type', valueCoding: { system: CODE_SYSTEM.credential, code: 'carf' } },
          { url: 'status', valueCode: 'expired' },
          { url: 'expiresOn', valueDate: '2025-01-31' },
        ],
      },
    ];
    const withExtension = facilitiesFromBundle({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ resource: location }, { resource: service({ extension }) }],
    });
    expect(withExtension.facilities[0]!.facility.credentials).toEqual([
      { type: 'carf', status: 'expired', expiresOn: '2025-01-31', identifier: null, issuer: null },
    ]);
    const characteristic = [{ coding: [{ system: CODE_SYSTEM.credential, code: 'joint-commission' }] }];
    const withCode = facilitiesFromBundle({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: location }, { resource: service({ characteristic }) }],
    });
    expect(withCode.facilities[0]!.facility.credentials).toEqual([{ type: 'joint-commission', status: 'active' }]);
  });

  it('names every problem by its place in the Bundle', () => {
    const result = facilitiesFromBundle({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ fullUrl: 'urn:uuid:1' }, { resource: service({ location: [{ reference: 'Location/elsewhere' }] }) }],
    });
    expect(result.problems).toEqual([
      { expression: 'Bundle.type', reason: 'must be one of transaction, batch, collection' },
      { expression: 'Bundle.entry[0]', reason: 'has no resource' },
      { expression: 'Bundle.entry[1].resource.location[0]', reason: expect.stringMatching(/must reference a Location in the same Bundle/) },
    ]);
    expect(facilitiesFromBundle({ resourceType: 'Patient' }).problems).toEqual([{ expression: 'resourceType', reason: 'must be Bundle' }]);
    expect(facilitiesFromBundle({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: location }] }).problems).toEqual([
      { expression: 'Bundle.entry', reason: 'holds no HealthcareService to import' },
    ]);
  });
});
