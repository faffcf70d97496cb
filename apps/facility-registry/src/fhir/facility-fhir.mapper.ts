import { LEVEL_OF_CARE_DEFINITIONS, MEDICATION_SERVICE_LABELS, OPERATOR_LABELS, PAYER_LABELS, type LevelOfCare } from '#contracts';
import type { FacilityResponseDto } from '../facilities/dtos/facility.response.dto.js';
import { type Address, type CodeableConcept, type ContactPoint, type Extension, type Resource } from '#fhir';
import { BCP_47, CODE_SYSTEM, EXTENSION, LANGUAGE_TAGS, SAMHSA_IDENTIFIER_SYSTEM } from '#fhir';
import {
  FACILITY_CODE_SYSTEM,
  servesOnlyDisplay,
  substanceNotTreatedDisplay,
  supportServiceDisplay,
  withdrawalDisplay,
} from './facility-code-systems.js';

// One facility is three FHIR resources sharing its id: the Organization that runs it, the Location
// where it is (with its beds), and the HealthcareService it offers there.

const concept = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
  ...(display ? { text: display } : {}),
});

const levelLabel = (level: LevelOfCare) => LEVEL_OF_CARE_DEFINITIONS[level].label;

function address(facility: FacilityResponseDto): Address {
  return { use: 'work', line: [facility.street], city: facility.city, state: facility.state, postalCode: facility.zip, country: 'US' };
}

function telecom(facility: FacilityResponseDto): ContactPoint[] {
  return facility.phone ? [{ system: 'phone', value: facility.phone, use: 'work' }] : [];
}

function identifier(facility: FacilityResponseDto) {
  return facility.sourceRef ? { identifier: [{ system: SAMHSA_IDENTIFIER_SYSTEM, value: facility.sourceRef }] } : {};
}

export function toOrganization(facility: FacilityResponseDto): Resource {
  return {
    resourceType: 'Organization',
    id: facility.id,
    meta: { lastUpdated: facility.updatedAt },
    ...identifier(facility),
    active: facility.active,
    type: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }] },
    ],
    name: facility.name,
    telecom: telecom(facility),
    address: [address(facility)],
  };
}

/** Bed availability has no place in core FHIR: one complex extension per bed line, on the Location. */
export function bedExtensions(facility: FacilityResponseDto): Extension[] {
  return facility.beds.map((bed) => ({
    url: EXTENSION.bedAvailability,
    extension: [
      { url: 'levelOfCare', valueCoding: { system: CODE_SYSTEM.levelOfCare, code: bed.levelOfCare, display: levelLabel(bed.levelOfCare) } },
      { url: 'bedType', valueCoding: { system: CODE_SYSTEM.bedType, code: bed.bedType } },
      { url: 'staffed', valueUnsignedInt: bed.staffed },
      { url: 'available', valueUnsignedInt: bed.available },
      { url: 'held', valueUnsignedInt: bed.held },
      { url: 'opening24h', valueUnsignedInt: bed.opening24h },
      { url: 'opening72h', valueUnsignedInt: bed.opening72h },
      { url: 'waitlist', valueBoolean: bed.waitlist },
      ...(bed.typicalWaitDays === null ? [] : [{ url: 'typicalWaitDays', valueUnsignedInt: bed.typicalWaitDays }]),
      { url: 'confirmed', valueDateTime: bed.confirmedAt },
      { url: 'stale', valueBoolean: bed.stale },
    ],
  }));
}

export function toLocation(facility: FacilityResponseDto): Resource {
  return {
    resourceType: 'Location',
    id: facility.id,
    meta: { lastUpdated: facility.updatedAt },
    extension: bedExtensions(facility),
    ...identifier(facility),
    status: facility.active ? 'active' : 'inactive',
    name: facility.name,
    mode: 'instance',
    physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bu', display: 'Building' }] },
    telecom: telecom(facility),
    address: address(facility),
    position: { longitude: facility.longitude, latitude: facility.latitude },
    managingOrganization: { reference: `Organization/${facility.id}`, display: facility.name },
  };
}

/** Credentials with their status and dates, which a bare characteristic code cannot carry. */
function credentialExtensions(facility: FacilityResponseDto): Extension[] {
  return facility.credentials.map((credential) => ({
    url: EXTENSION.credential,
    extension: [
      { url: 'type', valueCoding: { system: CODE_SYSTEM.credential, code: credential.type } },
      { url: 'status', valueCode: credential.status },
      ...(credential.expiresOn ? [{ url: 'expiresOn', valueDate: credential.expiresOn }] : []),
      ...(credential.identifier ? [{ url: 'identifier', valueString: credential.identifier }] : []),
      ...(credential.issuer ? [{ url: 'issuer', valueString: credential.issuer }] : []),
    ],
  }));
}

export function toHealthcareService(facility: FacilityResponseDto): Resource {
  const validCredentials = facility.credentials.filter((credential) => credential.effectiveStatus === 'active');
  return {
    resourceType: 'HealthcareService',
    id: facility.id,
    meta: { lastUpdated: facility.updatedAt },
    extension: credentialExtensions(facility),
    ...identifier(facility),
    active: facility.active,
    providedBy: { reference: `Organization/${facility.id}`, display: facility.name },
    category: [{ text: 'Substance use disorder treatment' }],
    type: facility.levelsOfCare.map((level) => concept(CODE_SYSTEM.levelOfCare, level, levelLabel(level))),
    location: [{ reference: `Location/${facility.id}` }],
    name: facility.name,
    telecom: telecom(facility),
    // Who it serves, what it takes and what it holds, as coded characteristics planners can search on.
    characteristic: [
      ...facility.populations.map((population) => concept(CODE_SYSTEM.population, population)),
      ...facility.payers.map((payer) => concept(CODE_SYSTEM.payer, payer, PAYER_LABELS[payer])),
      ...validCredentials.map((credential) => concept(CODE_SYSTEM.credential, credential.type)),
      ...facility.medications.map((medication) => concept(CODE_SYSTEM.medication, medication)),
      ...facility.medicationServices.map((service) =>
        concept(FACILITY_CODE_SYSTEM.medicationService, service, MEDICATION_SERVICE_LABELS[service]),
      ),
      ...facility.substancesNotTreated.map((substance) =>
        concept(FACILITY_CODE_SYSTEM.substanceNotTreated, substance, substanceNotTreatedDisplay(substance)),
      ),
      ...facility.servesOnlyClientsWith.map((substance) =>
        concept(FACILITY_CODE_SYSTEM.servesOnlyClientsWith, substance, servesOnlyDisplay(substance)),
      ),
      ...facility.withdrawalManaged.map((substance) =>
        concept(FACILITY_CODE_SYSTEM.withdrawalManaged, substance, withdrawalDisplay(substance)),
      ),
      ...facility.therapies.map((therapy) => concept(CODE_SYSTEM.therapy, therapy)),
      // Recovery supports and family services: the data an aftercare plan builds on.
      ...facility.supportServices.map((service) => concept(FACILITY_CODE_SYSTEM.supportService, service, supportServiceDisplay(service))),
      ...facility.operators.map((operator) => concept(FACILITY_CODE_SYSTEM.operator, operator, OPERATOR_LABELS[operator])),
    ],
    communication: facility.languages.map((language) => ({ coding: [{ system: BCP_47, code: LANGUAGE_TAGS[language] }], text: language })),
    eligibility: [
      ...facility.gendersAccepted.map((gender) => ({ code: concept(CODE_SYSTEM.gender, gender) })),
      ...facility.ageGroupsAccepted.map((group) => ({ code: concept(CODE_SYSTEM.ageGroup, group) })),
    ],
  };
}
