import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create } from 'xmlbuilder2';
import { BED_TYPES, LEVEL_OF_CARE_DEFINITIONS, LEVELS_OF_CARE, type BedType, type LevelOfCare } from '#contracts';
import type { BedCountResponseDto, FacilityResponseDto, ResponseClock } from '../dtos/facility.response.dto.js';
import {
  EDXL_HAVE_NAMESPACE,
  edxlHaveDocument,
  HAVE_BED_TYPES,
  HAVE_CAPACITY_STATUSES,
  haveBedType,
  type EdxlHaveFacilities,
} from './edxl-have.document.js';

// Every document is validated with xmllint against schema/edxl-have.xsd (or the official schema
// named by EDXL_HAVE_XSD), and read back to check each value landed in the element meant for it.

const OWN_XSD = fileURLToPath(new URL('./schema/edxl-have.xsd', import.meta.url));
const XSD = process.env.EDXL_HAVE_XSD ?? OWN_XSD;
const CLOCK: ResponseClock = { now: new Date('2026-03-02T12:00:00.000Z'), staleAfterHours: 24 };
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(CLOCK.now.getTime() - hours * HOUR).toISOString();

function bed(overrides: Partial<BedCountResponseDto> = {}): BedCountResponseDto {
  return {
    levelOfCare: 'residential-short-term',
    bedType: 'general',
    staffed: 20,
    available: 3,
    held: 0,
    opening24h: 1,
    opening72h: 4,
    waitlist: false,
    typicalWaitDays: null,
    confirmedAt: hoursAgo(2),
    stale: false,
    ...overrides,
  };
}

function facility(overrides: Partial<FacilityResponseDto> = {}): FacilityResponseDto {
  return {
    id: '0f3c2a1e-5b7d-4c9a-8e21-6d4f0b9a7c35',
    sourceRef: 'samhsa:substance_1',
    name: 'Bluegrass Recovery Center',
    street: '101 W Main St',
    city: 'Louisville',
    state: 'KY',
    zip: '40202',
    phone: '502-555-0100',
    latitude: 38.2527,
    longitude: -85.7585,
    active: true,
    programs: [{ levelOfCare: 'residential-short-term' }],
    levelsOfCare: ['residential-short-term'],
    medications: [],
    continuesExternalMedication: null,
    medicationServices: [],
    substancesNotTreated: [],
    servesOnlyClientsWith: [],
    withdrawalManaged: [],
    operators: [],
    supportServices: [],
    therapies: [],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: [],
    languages: ['english'],
    payers: ['medicaid'],
    privateInsurancePlans: [],
    upfrontPaymentRequired: null,
    credentials: [],
    beds: [bed()],
    updatedAt: hoursAgo(48),
    ...overrides,
  };
}

type Xml = ReturnType<typeof create>;

/** The child elements with this qualified name, in document order. */
function children(parent: Xml, name: string): Xml[] {
  return parent.filter((node) => node.node.nodeName === name);
}

/** The one element at a path of qualified names, e.g. `Organization/OrganizationInformation`. */
function at(parent: Xml, path: string): Xml {
  return path.split('/').reduce((element, name) => {
    const found = children(element, name);
    if (found.length !== 1) throw new Error(`expected one ${name} in ${element.node.nodeName}, found ${found.length}`);
    return found[0]!;
  }, parent);
}

const text = (parent: Xml, path: string) => at(parent, path).node.textContent;
const ELEMENT_NODE = 1;
// xmlbuilder2 does not export the DOM's NodeType enum; its values are the DOM standard's numbers.
const isElement = (node: Xml) => (node.node.nodeType as number) === ELEMENT_NODE;
const names = (element: Xml) => element.filter(isElement).map((child) => child.node.nodeName);
const attribute = (element: Xml, name: string) =>
  isElement(element) ? (element.node as unknown as { getAttribute(name: string): string | null }).getAttribute(name) : null;
const comments = (element: Xml) => children(element, 'CommentText').map((comment) => comment.node.textContent);

function hospitals(xml: string): Xml[] {
  const root = create(xml).root();
  expect((root.node as unknown as { namespaceURI: string }).namespaceURI).toBe(EDXL_HAVE_NAMESPACE);
  expect(root.node.nodeName).toBe('HospitalStatus');
  return children(root, 'Hospital');
}

function bedCapacities(hospital: Xml): Xml[] {
  return children(at(hospital, 'HospitalBedCapacityStatus'), 'BedCapacity');
}

interface Validation {
  readonly valid: boolean;
  readonly messages: string;
}

function xmllint(xml: string): Validation {
  const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`xmllint could not run (${result.error.message}); install it: apt-get install libxml2-utils`);
  }
  if (result.status !== 0 && result.status !== 3) throw new Error(`xmllint failed (exit ${result.status}): ${result.stderr}`);
  return { valid: result.status === 0, messages: result.stderr };
}

function expectValid(xml: string): void {
  const validation = xmllint(xml);
  expect(validation.messages).toContain('validates');
  expect(validation.valid).toBe(true);
}

const documentOf = (...facilities: EdxlHaveFacilities) => edxlHaveDocument(facilities, CLOCK);

beforeAll(() => {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error)
    throw new Error(`xmllint is missing: these specs validate every document with it; install it with apt-get install libxml2-utils`);
});

describe('EDXL-HAVE 1.0 document', () => {
  it('states a facility as a Hospital: name, id, address, phone, position, its residential bed lines and the last update', () => {
    const full = facility({
      beds: [
        bed({
          levelOfCare: 'residential-short-term',
          bedType: 'male',
          staffed: 20,
          available: 3,
          held: 2,
          opening24h: 1,
          opening72h: 4,
          confirmedAt: hoursAgo(1),
        }),
        bed({ levelOfCare: 'outpatient', bedType: 'general', staffed: 40, available: 12 }),
        bed({
          levelOfCare: 'detox-hospital',
          bedType: 'general',
          staffed: 6,
          available: 1,
          opening24h: 0,
          opening72h: 2,
          confirmedAt: hoursAgo(3),
        }),
      ],
    });
    const xml = documentOf(full);
    expectValid(xml);

    const [hospital, ...others] = hospitals(xml);
    expect(others).toHaveLength(0);
    expect(names(hospital!)).toEqual(['Organization', 'HospitalBedCapacityStatus', 'LastUpdateTime']);
    const information = at(hospital!, 'Organization/OrganizationInformation');
    expect(names(information)).toEqual(['xnl:OrganisationName', 'xpil:Addresses', 'xpil:ContactNumbers']);
    expect(attribute(at(information, 'xnl:OrganisationName'), 'xnl:OrganisationID')).toBe(full.id);
    expect(text(information, 'xnl:OrganisationName/xnl:NameElement')).toBe('Bluegrass Recovery Center');
    const address = at(information, 'xpil:Addresses/xpil:Address');
    expect(names(address)).toEqual(['xal:FreeTextAddress', 'xal:Country', 'xal:AdministrativeArea', 'xal:Locality', 'xal:PostCode']);
    expect(text(address, 'xal:FreeTextAddress/xal:AddressLine')).toBe('101 W Main St');
    expect(attribute(at(address, 'xal:Country/xal:NameElement'), 'xal:NameCode')).toBe('US');
    expect(text(address, 'xal:AdministrativeArea/xal:NameElement')).toBe('KY');
    expect(text(address, 'xal:Locality/xal:NameElement')).toBe('Louisville');
    expect(text(address, 'xal:PostCode/xal:Identifier')).toBe('40202');
    expect(text(information, 'xpil:ContactNumbers/xpil:ContactNumber/xpil:ContactNumberElement')).toBe('502-555-0100');
    expect(text(hospital!, 'Organization/OrganizationGeoLocation/gml:Point/gml:pos')).toBe('38.2527 -85.7585');

    // The outpatient line has places, not beds; the others come in the vocabulary's order.
    const [detox, residential, ...more] = bedCapacities(hospital!);
    expect(more).toHaveLength(0);
    expect(text(detox!, 'BedType')).toBe('MedicalSurgical');
    expect(text(residential!, 'BedType')).toBe('AdultPsychiatric');
    const capacity = at(residential!, 'Capacity');
    expect(names(capacity)).toEqual([
      'CapacityStatus',
      'AvailableCount',
      'BaselineCount',
      'AdditionalCapacityCount24Hr',
      'AdditionalCapacityCount72Hr',
    ]);
    expect(text(capacity, 'CapacityStatus')).toBe('Vacant/Available');
    expect(text(capacity, 'AvailableCount')).toBe('3');
    expect(text(capacity, 'BaselineCount')).toBe('20');
    expect(text(capacity, 'AdditionalCapacityCount24Hr')).toBe('1');
    expect(text(capacity, 'AdditionalCapacityCount72Hr')).toBe('4');
    expect(comments(residential!)).toEqual([
      `levelOfCare=residential-short-term; bedType=male; confirmedAt=${hoursAgo(1)}`,
      "held=2; beds held for referrals awaiting the facility's answer, not in AvailableCount",
    ]);
    expect(text(detox!, 'Capacity/AdditionalCapacityCount72Hr')).toBe('2');
    // The latest of the profile change and the bed confirmations.
    expect(text(hospital!, 'LastUpdateTime')).toBe(hoursAgo(1));
  });

  it('withholds the status and the free-bed counts of a stale count, keeping the baseline and saying why', () => {
    const confirmedAt = hoursAgo(30);
    const xml = documentOf(facility({ beds: [bed({ stale: true, confirmedAt, available: 5 })], updatedAt: hoursAgo(40) }));
    expectValid(xml);

    const [line] = bedCapacities(hospitals(xml)[0]!);
    expect(names(at(line!, 'Capacity'))).toEqual(['BaselineCount']);
    expect(text(line!, 'Capacity/BaselineCount')).toBe('20');
    expect(comments(line!)).toEqual([
      `levelOfCare=residential-short-term; bedType=general; confirmedAt=${confirmedAt}`,
      'stale=true; last confirmed 30 h ago (counts expire after 24 h), ' +
        'so CapacityStatus, AvailableCount and the additional capacity counts are left out',
    ]);
  });

  it('reports a line with no free bed, held beds included, or no staffed bed as NotAvailable', () => {
    const xml = documentOf(
      facility({
        beds: [
          bed({ bedType: 'female', available: 0, held: 2 }),
          bed({ levelOfCare: 'residential-long-term', staffed: 0, available: 0, opening24h: 0, opening72h: 0 }),
        ],
      }),
    );
    expectValid(xml);

    const [full, closed] = bedCapacities(hospitals(xml)[0]!);
    expect(text(full!, 'Capacity/CapacityStatus')).toBe('NotAvailable');
    expect(text(full!, 'Capacity/AvailableCount')).toBe('0');
    expect(comments(full!)).toContain("held=2; beds held for referrals awaiting the facility's answer, not in AvailableCount");
    expect(text(closed!, 'Capacity/CapacityStatus')).toBe('NotAvailable');
    expect(text(closed!, 'Capacity/BaselineCount')).toBe('0');
  });

  it('keeps a waitlist and its typical wait in the comments of the bed line', () => {
    const xml = documentOf(
      facility({
        beds: [
          bed({ bedType: 'adolescent', available: 0, waitlist: true, typicalWaitDays: 5 }),
          bed({ levelOfCare: 'detox-residential', available: 0, waitlist: true }),
        ],
      }),
    );
    expectValid(xml);

    const [detox, adolescent] = bedCapacities(hospitals(xml)[0]!);
    expect(text(adolescent!, 'BedType')).toBe('PediatricPsychiatric');
    expect(comments(adolescent!)).toContain('waitlist=true; typicalWaitDays=5');
    expect(text(detox!, 'BedType')).toBe('AdultPsychiatric');
    expect(comments(detox!)).toContain('waitlist=true');
  });

  it('reports every bed type of an inactive facility as NotAvailable with its baseline only', () => {
    const xml = documentOf(facility({ active: false }));
    expectValid(xml);

    const [hospital] = hospitals(xml);
    expect(comments(at(hospital!, 'Organization'))).toEqual([
      'active=false; the directory lists this facility as inactive, so every bed type is NotAvailable and only baseline counts are given',
    ]);
    const [line] = bedCapacities(hospital!);
    expect(names(at(line!, 'Capacity'))).toEqual(['CapacityStatus', 'BaselineCount']);
    expect(text(line!, 'Capacity/CapacityStatus')).toBe('NotAvailable');
  });

  it('escapes names and addresses with & and <, and drops characters XML cannot carry', () => {
    const name = 'Smith & Sons <Recovery> "House"';
    const xml = documentOf(facility({ name: `${name}\u0001`, street: '5 A&B <Rear> Lane', phone: '' }));
    expectValid(xml);

    expect(xml).toContain('Smith &amp; Sons &lt;Recovery&gt;');
    expect(xml).not.toContain('<Recovery>');
    const information = at(hospitals(xml)[0]!, 'Organization/OrganizationInformation');
    expect(text(information, 'xnl:OrganisationName/xnl:NameElement')).toBe(name);
    expect(text(information, 'xpil:Addresses/xpil:Address/xal:FreeTextAddress/xal:AddressLine')).toBe('5 A&B <Rear> Lane');
    expect(names(information)).toEqual(['xnl:OrganisationName', 'xpil:Addresses']);
  });

  it('holds one Hospital per facility, in the given order, and no bed capacity for a facility without residential beds', () => {
    const xml = documentOf(
      facility(),
      facility({
        id: '7d1e9c0a-2b3f-4a5e-9c8d-1f2e3a4b5c6d',
        name: 'Outpatient Only',
        beds: [bed({ levelOfCare: 'intensive-outpatient' })],
      }),
      facility({ id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'No Counts Yet', beds: [] }),
    );
    expectValid(xml);

    const all = hospitals(xml);
    expect(all.map((hospital) => text(hospital, 'Organization/OrganizationInformation/xnl:OrganisationName/xnl:NameElement'))).toEqual([
      'Bluegrass Recovery Center',
      'Outpatient Only',
      'No Counts Yet',
    ]);
    expect(names(all[1]!)).toEqual(['Organization', 'LastUpdateTime']);
    expect(text(all[2]!, 'LastUpdateTime')).toBe(hoursAgo(48));
  });
});

describe('bed types', () => {
  const lines = LEVELS_OF_CARE.flatMap((levelOfCare) => BED_TYPES.map((bedType) => [levelOfCare, bedType] as [LevelOfCare, BedType]));

  it.each(lines)('%s %s beds map onto one of the standard bed types when residential, onto none otherwise', (levelOfCare, bedType) => {
    const mapped = haveBedType(levelOfCare, bedType);
    if (LEVEL_OF_CARE_DEFINITIONS[levelOfCare].residential) expect(HAVE_BED_TYPES).toContain(mapped);
    else expect(mapped).toBeNull();
  });

  it('maps hospital withdrawal management to medical beds and the other residential care to psychiatric beds, by age', () => {
    expect(haveBedType('detox-hospital', 'general')).toBe('MedicalSurgical');
    expect(haveBedType('detox-hospital', 'adolescent')).toBe('Pediatrics');
    expect(haveBedType('hospital-inpatient', 'female')).toBe('AdultPsychiatric');
    expect(haveBedType('residential-long-term', 'adolescent')).toBe('PediatricPsychiatric');
  });
});

describe('the schema', () => {
  /** The enumeration values in the repository's schema under the element or simple type of this name. */
  function enumerations(holder: string): string[] {
    const schema = create(readFileSync(OWN_XSD, 'utf8')).root();
    const values = schema
      .filter((node) => attribute(node, 'name') === holder, false, true)
      .map((owner) =>
        owner.filter((node) => node.node.nodeName === 'xsd:enumeration', false, true).map((node) => attribute(node, 'value') ?? ''),
      );
    const [listed, ...others] = values.filter((list) => list.length > 0);
    if (!listed || others.length > 0) throw new Error(`expected one enumeration named ${holder} in ${OWN_XSD}`);
    return listed;
  }

  it('lists the same bed types and capacity statuses as the mapping', () => {
    expect(enumerations('BedType')).toEqual([...HAVE_BED_TYPES]);
    expect(enumerations('CapacityStatus')).toEqual([...HAVE_CAPACITY_STATUSES]);
  });

  it.each([
    [
      'a capacity status outside the standard',
      (xml: string) => xml.replace('<CapacityStatus>Vacant/Available</CapacityStatus>', '<CapacityStatus>Maybe</CapacityStatus>'),
      'Maybe',
    ],
    [
      'a count that is not a whole number',
      (xml: string) => xml.replace('<AvailableCount>3</AvailableCount>', '<AvailableCount>three</AvailableCount>'),
      'three',
    ],
    [
      'a bed type outside the standard',
      (xml: string) => xml.replace('<BedType>AdultPsychiatric</BedType>', '<BedType>Residential</BedType>'),
      'Residential',
    ],
    [
      'counts out of the standard order',
      (xml: string) => xml.replace(/(<AvailableCount>3<\/AvailableCount>)(\s*)(<BaselineCount>20<\/BaselineCount>)/, '$3$2$1'),
      'AvailableCount',
    ],
    ['a Hospital without its LastUpdateTime', (xml: string) => xml.replace(/<LastUpdateTime>[^<]*<\/LastUpdateTime>/, ''), 'Hospital'],
  ])('rejects %s', (_case, spoil, culprit) => {
    const xml = documentOf(facility());
    const spoilt = spoil(xml);
    expect(spoilt).not.toBe(xml);
    const validation = xmllint(spoilt);
    expect(validation.valid).toBe(false);
    expect(validation.messages).toContain(culprit);
  });
});
