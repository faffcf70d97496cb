import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { create } from 'xmlbuilder2';
import { api } from '../support/system-under-test.js';
import { createTestFacility, uniqueName } from '../support/test-facility.js';

// Bed availability as an OASIS EDXL-HAVE 1.0 HospitalStatus document, read from the running system,
// checked with xmllint against the schema and against what the API says about the same beds.

const XSD =
  process.env.EDXL_HAVE_XSD ?? resolve(process.cwd(), 'apps/facility-registry/src/facilities/export-edxl-have/schema/edxl-have.xsd');

type Json = Record<string, any>;

/** The document checked on stdin: xmllint then reports "- validates" or the errors, as "-:line: ...". */
function xmllint(xml: string): { ok: boolean; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint did not run (${result.error.message}): apt-get install libxml2-utils`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe('EDXL-HAVE export', () => {
  let facilityId: string;

  beforeAll(async () => {
    ({ id: facilityId } = await createTestFacility(
      {
        name: uniqueName('E2E HAVE Mammoth & Springs'),
        programs: [{ levelOfCare: 'detox-residential' }, { levelOfCare: 'residential-short-term' }],
      },
      [
        { levelOfCare: 'detox-residential', staffed: 10, available: 3, opening24h: 1, opening72h: 2 },
        { levelOfCare: 'residential-short-term', staffed: 20, available: 0, opening24h: 0, opening72h: 4 },
      ],
    ));
  });

  it('serves a facility’s beds as a schema-valid HospitalStatus whose counts are the API’s', async () => {
    const response = await api<string>('GET', `/api/facilities/${facilityId}/edxl-have`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = response.body;
    const checked = xmllint(xml);
    expect(checked.output).toContain('validates');
    expect(checked.ok).toBe(true);

    const document = create(xml).end({ format: 'object' }) as Json;
    const hospital = document.HospitalStatus.Hospital;
    const capacities = asArray<Json>(hospital.HospitalBedCapacityStatus.BedCapacity).map((line) => line.Capacity);
    const facility = (
      await api<{ beds: { levelOfCare: string; staffed: number; available: number; opening24h: number; opening72h: number }[] }>(
        'GET',
        `/api/facilities/${facilityId}`,
      )
    ).body;
    expect(capacities).toHaveLength(facility.beds.length);
    const byBaseline = new Map(capacities.map((capacity) => [Number(capacity.BaselineCount), capacity]));
    for (const bed of facility.beds) {
      const capacity = byBaseline.get(bed.staffed)!;
      expect(Number(capacity.AvailableCount)).toBe(bed.available);
      expect(Number(capacity.AdditionalCapacityCount24Hr)).toBe(bed.opening24h);
      expect(Number(capacity.AdditionalCapacityCount72Hr)).toBe(bed.opening72h);
      expect(capacity.CapacityStatus).toBe(bed.available > 0 ? 'Vacant/Available' : 'NotAvailable');
    }
    // The name's ampersand is escaped, not breaking the document.
    expect(xml).toContain('Mammoth &amp; Springs');
  });

  it('exports a search of the directory as one document, and refuses what xmllint would', async () => {
    const response = await api<string>('GET', '/api/facilities/edxl-have?state=WY&pageSize=25');
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);
    const xml = response.body;
    expect(xmllint(xml).ok).toBe(true);
    expect(asArray((create(xml).end({ format: 'object' }) as Json).HospitalStatus.Hospital).length).toBeGreaterThanOrEqual(1);
    // The check can fail: a status the standard does not have is refused.
    const single = (await api<string>('GET', `/api/facilities/${facilityId}/edxl-have`)).body;
    expect(single).toContain('<CapacityStatus>Vacant/Available</CapacityStatus>');
    expect(xmllint(single.replace('Vacant/Available', 'Maybe')).ok).toBe(false);
  });
});
