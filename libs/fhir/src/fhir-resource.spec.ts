import { searchset, withoutEmpty } from './fhir-resource.js';

describe('withoutEmpty', () => {
  it('leaves out empty arrays and objects at any depth, and keeps false, zero and empty strings', () => {
    expect(
      withoutEmpty({
        resourceType: 'HealthcareService',
        id: 'a',
        eligibility: [],
        telecom: [{}],
        extension: [{ url: 'u', extension: [] }],
        active: false,
        count: 0,
        name: '',
      }),
    ).toEqual({ resourceType: 'HealthcareService', id: 'a', extension: [{ url: 'u' }], active: false, count: 0, name: '' });
  });
});

describe('searchset', () => {
  it('links to the next page only while there is one, and back once past the first', () => {
    const page = (offset: number) =>
      searchset(
        'http://h/api/fhir/Location',
        [{ resourceType: 'Location', id: 'x' }],
        45,
        { count: 20, offset },
        new URLSearchParams('address-state=WY'),
      );
    const relations = (offset: number) => page(offset).link!.map((link) => link.relation);
    expect(relations(0)).toEqual(['self', 'next']);
    expect(relations(20)).toEqual(['self', 'next', 'previous']);
    expect(relations(40)).toEqual(['self', 'previous']);
    expect(page(20).link!.find((link) => link.relation === 'next')!.url).toBe(
      'http://h/api/fhir/Location?address-state=WY&_count=20&_offset=40',
    );
    expect(page(0).entry![0]).toEqual({
      fullUrl: 'http://h/api/fhir/Location/x',
      resource: { resourceType: 'Location', id: 'x' },
      search: { mode: 'match' },
    });
  });
});
