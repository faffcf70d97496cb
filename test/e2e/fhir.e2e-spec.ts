import { randomUUID } from 'node:crypto';
import { LANGUAGES } from '#vocabulary';
import { validateFhir } from '../support/fhir-validator.js';
import { api, GATEWAY_URL, signInAs, signInAsAdmin, signInAsPlanner, eventually } from '../support/system-under-test.js';
import { createTestFacility, NEXT_YEAR, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';

// The directory and referrals as FHIR R4, read through the public gateway, checked against the official
// R4 definitions by HAPI FHIR's validator, and a HealthcareService Bundle imported back.

const LEVEL = 'detox-residential';
const LEVEL_SYSTEM = 'https://sud-referral.example/fhir/CodeSystem/level-of-care';

type Json = Record<string, any>;

let admin: string;
let facilityId: string;
let staff: string;
const produced: Json[] = [];

async function fhir(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; type: string | null; body: Json }> {
  const response = await fetch(`${GATEWAY_URL}${path}`, {
    method,
    headers: {
      accept: 'application/fhir+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/fhir+json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Json };
}

/** What two facilities' resources share once ids, references and timestamps are set aside. */
function comparable(resource: Json): Json {
  const { id, meta, identifier, providedBy, location, managingOrganization, ...rest } = resource;
  return rest;
}

beforeAll(async () => {
  admin = await signInAsAdmin();
  ({ id: facilityId, staffToken: staff } = await createTestFacility(
    {
      name: uniqueName('E2E FHIR Geyser Recovery'),
      programs: [{ levelOfCare: LEVEL }, { levelOfCare: 'residential-short-term' }],
      medications: ['buprenorphine'],
      therapies: ['cognitive-behavioral-therapy'],
      populations: ['women', 'pregnant-postpartum'],
      gendersAccepted: ['female'],
      ageGroupsAccepted: ['adults'],
      languages: [...LANGUAGES],
      insurance: { payers: ['medicaid', 'sliding-fee'], privateInsurancePlans: [], upfrontPaymentRequired: false },
      credentials: [
        { type: 'state-licence', status: 'active', expiresOn: `${NEXT_YEAR}-12-31`, identifier: 'WY-FHIR-1', issuer: 'Wyoming' },
        { type: 'carf', status: 'active', expiresOn: `${NEXT_YEAR}-06-30`, identifier: null, issuer: null },
      ],
    },
    [{ levelOfCare: LEVEL, bedType: 'female', staffed: 6, available: 2 }],
    admin,
  ));
});

describe('FHIR R4', () => {
  it('serves the facility as HealthcareService, Location and Organization, with coded characteristics and beds', async () => {
    const service = await fhir('GET', `/api/fhir/HealthcareService/${facilityId}`);
    expect(service.status).toBe(200);
    expect(service.type).toMatch(/^application\/fhir\+json/);
    const codes = (concepts: Json[], system: string) =>
      concepts
        .flatMap((concept) => concept.coding)
        .filter((coding) => coding.system.endsWith(system))
        .map((coding) => coding.code);
    expect(codes(service.body.type, '/level-of-care')).toEqual([LEVEL, 'residential-short-term']);
    expect(codes(service.body.characteristic, '/population').sort()).toEqual(['pregnant-postpartum', 'women']);
    expect(codes(service.body.characteristic, '/payer').sort()).toEqual(['medicaid', 'sliding-fee']);
    expect(codes(service.body.characteristic, '/credential').sort()).toEqual(['carf', 'state-licence']);
    expect(service.body.providedBy.reference).toBe(`Organization/${facilityId}`);

    const location = await fhir('GET', `/api/fhir/Location/${facilityId}`);
    const beds = location.body.extension.find((extension: Json) => extension.url.endsWith('/bed-availability'));
    const part = (url: string) => beds.extension.find((item: Json) => item.url === url);
    expect(part('levelOfCare').valueCoding.code).toBe(LEVEL);
    expect(part('bedType').valueCoding.code).toBe('female');
    expect(part('available').valueUnsignedInt).toBe(2);
    expect(part('staffed').valueUnsignedInt).toBe(6);
    expect(location.body.address.postalCode).toBe(ZIP);

    const organization = await fhir('GET', `/api/fhir/Organization/${facilityId}`);
    expect(organization.body.name).toBe(service.body.name);
    produced.push(service.body, location.body, organization.body, (await fhir('GET', '/api/fhir/metadata')).body);
  });

  it(
    'answers standard searches with a searchset Bundle, pages with _count, ' + 'and refuses a bad parameter with an OperationOutcome',
    async () => {
      const found = await fhir(
        'GET',
        `/api/fhir/HealthcareService?service-type=${encodeURIComponent(`${LEVEL_SYSTEM}|${LEVEL}`)}&address-postalcode=${ZIP}&_count=50`,
      );
      expect(found.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(found.body.entry.map((entry: Json) => entry.resource.id)).toContain(facilityId);
      expect(found.body.entry.every((entry: Json) => entry.resource.type.some((type: Json) => type.coding[0].code === LEVEL))).toBe(true);

      const first = await fhir('GET', '/api/fhir/Location?address-state=WY&_count=1');
      expect(first.body.entry).toHaveLength(1);
      expect(first.body.total).toBeGreaterThan(1);
      const next = first.body.link.find((link: Json) => link.relation === 'next').url as string;
      const second = await fhir('GET', next.slice(next.indexOf('/api/')));
      expect(second.body.entry[0].resource.id).not.toBe(first.body.entry[0].resource.id);
      produced.push(found.body, first.body);

      const bad = await fhir('GET', '/api/fhir/HealthcareService?service-type=spa-weekend');
      expect(bad.status).toBe(400);
      expect(bad.body.resourceType).toBe('OperationOutcome');
      expect(bad.body.issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: ['service-type'] });
      const unknown = await fhir('GET', `/api/fhir/Location/${randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.issue[0].code).toBe('not-found');
      produced.push(bad.body);
    },
  );

  it(
    'serves a referral as a ServiceRequest and each facility’s answer as a Task with status and reason, ' + 'to those allowed to see it',
    async () => {
      const planner = await signInAsPlanner();
      const submitted = await api<{ id: string }>(
        'POST',
        '/api/referrals',
        {
          levelOfCare: LEVEL,
          payer: 'medicaid',
          patientZip: ZIP,
          maxDistanceMiles: 25,
          needs: { gender: 'female', ageYears: 27, pregnant: true, substances: ['opioids'], medication: 'buprenorphine' },
        },
        planner,
      );
      const referralId = submitted.body.id;
      await eventually(async () => {
        const referral = await api<{ matches: { facilityId: string }[] }>('GET', `/api/referrals/${referralId}`, undefined, planner);
        expect(referral.body.matches.map((match) => match.facilityId)).toContain(facilityId);
      });
      expect((await api('POST', `/api/referrals/${referralId}/tasks`, { facilityIds: [facilityId] }, planner)).status).toBe(201);
      const task = (await api<{ tasks: { id: string }[] }>('GET', `/api/referrals/${referralId}`, undefined, planner)).body.tasks[0]!;
      expect((await api('POST', `/api/referrals/${referralId}/tasks/${task.id}/decline`, { reason: 'no-capacity' }, staff)).status).toBe(
        200,
      );

      const request = await fhir('GET', `/api/fhir/ServiceRequest/${referralId}`, planner);
      expect(request.status).toBe(200);
      expect(request.body).toMatchObject({
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: '#patient' },
      });
      expect(request.body.code.coding[0].code).toBe(LEVEL);
      expect(request.body.orderDetail.map((detail: Json) => detail.coding[0].code)).toEqual(
        expect.arrayContaining(['pregnant-postpartum', 'continue-buprenorphine']),
      );
      expect(request.body.reasonCode).toEqual([
        {
          coding: [{ system: 'https://sud-referral.example/fhir/CodeSystem/substance', code: 'opioids', display: 'Opioid use disorder' }],
          text: 'Opioid use disorder',
        },
      ]);
      // No identity: the contained patient is gender, age and ZIP code only.
      expect(Object.keys(request.body.contained[0]).sort()).toEqual(['address', 'extension', 'gender', 'id', 'resourceType']);

      const tasks = await fhir('GET', `/api/fhir/Task?based-on=ServiceRequest/${referralId}`, staff);
      expect(tasks.body.entry).toHaveLength(1);
      const fhirTask = tasks.body.entry[0].resource;
      expect(fhirTask).toMatchObject({
        resourceType: 'Task',
        id: task.id,
        status: 'rejected',
        intent: 'order',
        statusReason: { coding: [{ code: 'no-capacity' }] },
        focus: { reference: `ServiceRequest/${referralId}` },
        owner: { reference: `Organization/${facilityId}` },
      });
      expect((await fhir('GET', `/api/fhir/Task/${task.id}`, planner)).body.status).toBe('rejected');
      expect(
        (await fhir('GET', `/api/fhir/Task?owner=Organization/${facilityId}&status=rejected`, staff)).body.entry.map(
          (entry: Json) => entry.resource.id,
        ),
      ).toContain(task.id);
      // Staff of another facility see neither.
      const stranger = await signInAs('facility-staff', [randomUUID()]);
      expect((await fhir('GET', `/api/fhir/ServiceRequest/${referralId}`, stranger)).status).toBe(404);
      expect((await fhir('GET', `/api/fhir/Task/${task.id}`, stranger)).status).toBe(404);
      produced.push(request.body, fhirTask, tasks.body);

      // The rest of issue 13's needs: the kind of court order, a medication to start, the patient's children.
      const family = await api<{ id: string }>(
        'POST',
        '/api/referrals',
        {
          levelOfCare: LEVEL,
          payer: 'medicaid',
          patientZip: ZIP,
          maxDistanceMiles: 25,
          needs: {
            gender: 'female',
            ageYears: 31,
            substances: ['alcohol', 'sedatives'],
            courtOrder: 'dui',
            medication: 'acamprosate',
            startMedication: 'naltrexone-extended-release',
            bedsForChildren: true,
            childcare: true,
          },
        },
        planner,
      );
      expect(family.status).toBe(201);
      const familyRequest = await fhir('GET', `/api/fhir/ServiceRequest/${family.body.id}`, planner);
      expect(familyRequest.body.reasonCode.map((reason: Json) => reason.coding[0].code)).toEqual(['alcohol', 'sedatives']);
      expect(familyRequest.body.reasonCode[1].text).toBe('Sedative (benzodiazepine) use disorder');
      expect(familyRequest.body.orderDetail.map((detail: Json) => detail.coding[0].code)).toEqual([
        'court-ordered-dui',
        'continue-acamprosate',
        'start-naltrexone-extended-release',
        'beds-for-children',
        'childcare',
      ]);
      produced.push(familyRequest.body);
    },
  );

  it('imports a HealthcareService Bundle as a new facility that reads back the same', async () => {
    const [service, location, organization] = await Promise.all(
      ['HealthcareService', 'Location', 'Organization'].map(async (type) => (await fhir('GET', `/api/fhir/${type}/${facilityId}`)).body),
    );
    const ids = { service: `urn:uuid:${randomUUID()}`, location: `urn:uuid:${randomUUID()}`, organization: `urn:uuid:${randomUUID()}` };
    const name = uniqueName('E2E FHIR Imported Recovery');
    const { id: _s, meta: _sm, ...serviceBody } = service;
    const { id: _l, meta: _lm, ...locationBody } = location;
    const { id: _o, meta: _om, ...organizationBody } = organization;
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: ids.organization, resource: { ...organizationBody, name }, request: { method: 'POST', url: 'Organization' } },
        {
          fullUrl: ids.location,
          resource: { ...locationBody, name, managingOrganization: { reference: ids.organization } },
          request: { method: 'POST', url: 'Location' },
        },
        {
          fullUrl: ids.service,
          resource: { ...serviceBody, name, providedBy: { reference: ids.organization }, location: [{ reference: ids.location }] },
          request: { method: 'POST', url: 'HealthcareService' },
        },
      ],
    };
    produced.push(bundle);
    const imported = await fhir('POST', '/api/fhir', admin, bundle);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    expect(imported.body.entry.map((entry: Json) => entry.response.status)).toEqual(['201 Created', '201 Created', '201 Created']);
    const newId = (imported.body.entry[2].response.location as string).split('/')[1]!;
    expect(newId).not.toBe(facilityId);
    produced.push(imported.body);

    const again = (await fhir('GET', `/api/fhir/HealthcareService/${newId}`)).body;
    expect(comparable(again)).toEqual(comparable({ ...service, name }));
    const againLocation = (await fhir('GET', `/api/fhir/Location/${newId}`)).body;
    // Bed counts are the facility's to report: a new facility starts with none.
    expect(comparable({ ...againLocation, extension: [] })).toEqual(comparable({ ...location, name, extension: [] }));
  });

  it('refuses a Bundle with any problem, naming each, and imports none of it', async () => {
    const name = uniqueName('E2E FHIR Rejected');
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:a',
          resource: { resourceType: 'Location', name, address: { line: ['1 Main St'], city: 'Cody', state: 'WY', postalCode: '82414' } },
        },
        {
          fullUrl: 'urn:uuid:b',
          resource: {
            resourceType: 'HealthcareService',
            name,
            location: [{ reference: 'urn:uuid:a' }],
            type: [{ coding: [{ system: LEVEL_SYSTEM, code: LEVEL }] }],
            telecom: [{ system: 'phone', value: '307-555-0199' }],
          },
        },
        {
          fullUrl: 'urn:uuid:c',
          resource: { resourceType: 'HealthcareService', name: `${name} 2`, location: [{ reference: 'urn:uuid:missing' }] },
        },
      ],
    };
    const refused = await fhir('POST', '/api/fhir', admin, bundle);
    expect(refused.status).toBe(400);
    expect(refused.body.resourceType).toBe('OperationOutcome');
    expect(refused.body.issue.map((issue: Json) => issue.expression[0])).toContain('Bundle.entry[2].resource.location[0]');
    produced.push(refused.body);
    const search = await api<{ total: number }>('GET', `/api/facilities?name=${encodeURIComponent(name)}`);
    expect(search.body.total).toBe(0);
  });

  it('produces only resources the official FHIR R4 definitions accept (HAPI FHIR validator), which does catch a broken one', async () => {
    const broken = [
      { resourceType: 'Task', id: 'broken', status: 'almost-done', intent: 'order' },
      // Any BCP-47 tag may name a language (the facility above speaks every one we know); a made-up one may not.
      { resourceType: 'HealthcareService', id: 'broken', communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'klingon' }] }] },
    ];
    const results = await validateFhir([...produced, ...broken]);
    const problems = results.slice(0, produced.length).filter((result) => result.errors.length > 0);
    expect(problems).toEqual([]);
    expect(results.at(-2)!.errors.join('\n')).toMatch(/almost-done/);
    expect(results.at(-1)!.errors.join('\n')).toMatch(/klingon/);
    expect(results).toHaveLength(produced.length + broken.length);
  }, 180_000);
});
