import { create } from 'xmlbuilder2';
import { BED_TYPES, LEVEL_OF_CARE_DEFINITIONS, LEVELS_OF_CARE, type BedType, type LevelOfCare } from '#contracts';
import type { BedCountResponseDto, FacilityResponseDto, ResponseClock } from '../dtos/facility.response.dto.js';

// Bed availability as an OASIS EDXL-HAVE 1.0 HospitalStatus document (the standard of 2008): one
// Hospital per facility, one BedCapacity per residential bed line. schema/edxl-have.xsd states the
// structure written here.

export const EDXL_HAVE_NAMESPACE = 'urn:oasis:names:tc:emergency:EDXL:HAVE:1.0';
const XPIL = 'urn:oasis:names:tc:ciq:xpil:3';
const XNL = 'urn:oasis:names:tc:ciq:xnl:3';
const XAL = 'urn:oasis:names:tc:ciq:xal:3';
const GML = 'http://www.opengis.net/gml';

/** The standard's bed types: a closed list of hospital bed categories. */
export const HAVE_BED_TYPES = [
  'AdultICU',
  'PediatricICU',
  'NeonatalICU',
  'EmergencyDepartment',
  'NurseryBeds',
  'MedicalSurgical',
  'RehabLongTermCare',
  'Burn',
  'Pediatrics',
  'AdultPsychiatric',
  'PediatricPsychiatric',
  'NegativeFlowIsolation',
  'OtherIsolation',
  'OperatingRooms',
] as const;
export type HaveBedType = (typeof HAVE_BED_TYPES)[number];

/** The standard has two capacity statuses, no "full" or "closed": both are NotAvailable. */
export const HAVE_CAPACITY_STATUSES = ['Vacant/Available', 'NotAvailable'] as const;
export type HaveCapacityStatus = (typeof HAVE_CAPACITY_STATUSES)[number];

/**
 * The standard's bed type for one of our bed lines, or null for care without beds (outpatient
 * programs count places, not beds, and no hospital bed type describes them).
 */
export function haveBedType(levelOfCare: LevelOfCare, bedType: BedType): HaveBedType | null {
  if (!LEVEL_OF_CARE_DEFINITIONS[levelOfCare].residential) return null;
  const young = bedType === 'adolescent';
  // Withdrawal managed in a hospital is acute medical care; the other residential levels are
  // behavioural-health beds, which the standard knows only as psychiatric.
  if (levelOfCare === 'detox-hospital') return young ? 'Pediatrics' : 'MedicalSurgical';
  return young ? 'PediatricPsychiatric' : 'AdultPsychiatric';
}

/**
 * Open when a staffed bed is free. A count not confirmed in time gets no status at all: the standard
 * says to assume nothing about capacity it does not state, as matching treats such a count as unknown.
 */
export function haveCapacityStatus(bed: BedCountResponseDto, facilityActive: boolean): HaveCapacityStatus | null {
  if (!facilityActive) return 'NotAvailable';
  if (bed.stale) return null;
  return bed.staffed > 0 && bed.available > 0 ? 'Vacant/Available' : 'NotAvailable';
}

/** At least one facility: every HospitalStatus holds one Hospital or more. */
export type EdxlHaveFacilities = readonly [FacilityResponseDto, ...FacilityResponseDto[]];

type Element = ReturnType<typeof create>;

/** The document for the facilities, as of the clock that judged their counts stale or fresh. */
export function edxlHaveDocument(facilities: EdxlHaveFacilities, clock: ResponseClock): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const root = document.ele(EDXL_HAVE_NAMESPACE, 'HospitalStatus', {
    'xmlns:xpil': XPIL,
    'xmlns:xnl': XNL,
    'xmlns:xal': XAL,
    'xmlns:gml': GML,
  });
  for (const facility of facilities) hospital(root.ele('Hospital'), facility, clock);
  return document.end({ prettyPrint: true });
}

function hospital(element: Element, facility: FacilityResponseDto, clock: ResponseClock): void {
  organization(element.ele('Organization'), facility);
  const lines = bedLines(facility.beds);
  if (lines.length > 0) {
    const status = element.ele('HospitalBedCapacityStatus');
    for (const line of lines) bedCapacity(status.ele('BedCapacity'), line.bed, line.haveBedType, facility.active, clock);
  }
  element.ele('LastUpdateTime').txt(lastUpdateTime(facility, clock));
}

function organization(element: Element, facility: FacilityResponseDto): void {
  const information = element.ele('OrganizationInformation');
  information
    .ele(XNL, 'xnl:OrganisationName')
    .att(XNL, 'xnl:OrganisationID', facility.id)
    .ele(XNL, 'xnl:NameElement')
    .txt(text(facility.name));
  const address = information.ele(XPIL, 'xpil:Addresses').ele(XPIL, 'xpil:Address');
  if (facility.street) address.ele(XAL, 'xal:FreeTextAddress').ele(XAL, 'xal:AddressLine').txt(text(facility.street));
  address
    .ele(XAL, 'xal:Country')
    .ele(XAL, 'xal:NameElement')
    .att(XAL, 'xal:NameCode', 'US')
    .att(XAL, 'xal:NameCodeType', 'ISO 3166-1 alpha-2')
    .txt('United States');
  if (facility.state)
    address.ele(XAL, 'xal:AdministrativeArea').ele(XAL, 'xal:NameElement').att(XAL, 'xal:Abbreviation', 'true').txt(text(facility.state));
  if (facility.city) address.ele(XAL, 'xal:Locality').ele(XAL, 'xal:NameElement').txt(text(facility.city));
  if (facility.zip) address.ele(XAL, 'xal:PostCode').ele(XAL, 'xal:Identifier').txt(text(facility.zip));
  if (facility.phone) {
    information
      .ele(XPIL, 'xpil:ContactNumbers')
      .ele(XPIL, 'xpil:ContactNumber')
      .att(XPIL, 'xpil:CommunicationMediaType', 'Telephone')
      .ele(XPIL, 'xpil:ContactNumberElement')
      .att(XPIL, 'xpil:Type', 'NationalNumber')
      .txt(text(facility.phone));
  }
  if (Number.isFinite(facility.latitude) && Number.isFinite(facility.longitude)) {
    // gml:id is an xsd:ID, which may not start with a digit as a UUID can.
    element
      .ele('OrganizationGeoLocation')
      .ele(GML, 'gml:Point')
      .att(GML, 'gml:id', `facility-${facility.id}`)
      .ele(GML, 'gml:pos')
      .txt(`${facility.latitude} ${facility.longitude}`);
  }
  if (!facility.active) {
    element
      .ele('CommentText')
      .txt(
        'active=false; the directory lists this facility as inactive, so every bed type is NotAvailable and only baseline counts are given',
      );
  }
}

interface BedLine {
  readonly bed: BedCountResponseDto;
  readonly haveBedType: HaveBedType;
}

/** Residential lines in the vocabulary's order, so the same facility always reads the same. */
function bedLines(beds: readonly BedCountResponseDto[]): BedLine[] {
  const rank = (bed: BedCountResponseDto) => LEVELS_OF_CARE.indexOf(bed.levelOfCare) * BED_TYPES.length + BED_TYPES.indexOf(bed.bedType);
  return [...beds]
    .sort((a, b) => rank(a) - rank(b))
    .flatMap((bed) => {
      const type = haveBedType(bed.levelOfCare, bed.bedType);
      return type === null ? [] : [{ bed, haveBedType: type }];
    });
}

function bedCapacity(element: Element, bed: BedCountResponseDto, type: HaveBedType, facilityActive: boolean, clock: ResponseClock): void {
  element.ele('BedType').txt(type);
  const capacity = element.ele('Capacity');
  const status = haveCapacityStatus(bed, facilityActive);
  if (status !== null) capacity.ele('CapacityStatus').txt(status);
  // Counts of free beds (and of beds freeing up, which are relative to them) only when they are current.
  const current = facilityActive && !bed.stale;
  if (current) capacity.ele('AvailableCount').txt(String(bed.available));
  capacity.ele('BaselineCount').txt(String(bed.staffed));
  if (current) {
    capacity.ele('AdditionalCapacityCount24Hr').txt(String(bed.opening24h));
    capacity.ele('AdditionalCapacityCount72Hr').txt(String(bed.opening72h));
  }
  // The standard's bed types are coarser than ours: comments keep our own codes and facts.
  element.ele('CommentText').txt(`levelOfCare=${bed.levelOfCare}; bedType=${bed.bedType}; confirmedAt=${bed.confirmedAt}`);
  if (bed.held > 0)
    element.ele('CommentText').txt(`held=${bed.held}; beds held for referrals awaiting the facility's answer, not in AvailableCount`);
  if (bed.waitlist) {
    element.ele('CommentText').txt(`waitlist=true${bed.typicalWaitDays === null ? '' : `; typicalWaitDays=${bed.typicalWaitDays}`}`);
  }
  if (bed.stale && facilityActive) {
    const hours = Math.floor((clock.now.getTime() - Date.parse(bed.confirmedAt)) / 3_600_000);
    element
      .ele('CommentText')
      .txt(
        `stale=true; last confirmed ${hours} h ago (counts expire after ${clock.staleAfterHours} h), ` +
          `so CapacityStatus, AvailableCount and the additional capacity counts are left out`,
      );
  }
}

/** The latest change to anything the Hospital element states: the profile or a bed count. */
function lastUpdateTime(facility: FacilityResponseDto, clock: ResponseClock): string {
  const times = [facility.updatedAt, ...facility.beds.map((bed) => bed.confirmedAt)]
    .map((time) => Date.parse(time))
    .filter(Number.isFinite);
  return (times.length > 0 ? new Date(Math.max(...times)) : clock.now).toISOString();
}

/** XML 1.0 cannot carry control characters or lone surrogates; the builder escapes & and < itself. */
function text(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}
