import type { Bundle, CodeableConcept, ContactPoint, Extension, Reference, Resource } from '#fhir';
import { BCP_47, CODE_SYSTEM, EXTENSION, LANGUAGE_TAGS } from '#fhir';
import { FACILITY_CODE_SYSTEM } from '../facility-code-systems.js';

const LANGUAGE_OF_TAG = new Map(Object.entries(LANGUAGE_TAGS).map(([language, tag]) => [tag, language]));

/** A facility read from a Bundle: the body POST /facilities takes, and where in the Bundle it came from. */
export interface FacilityFromBundle {
  readonly expression: string;
  readonly facility: Record<string, unknown>;
}

export interface BundleProblem {
  readonly expression: string;
  readonly reason: string;
}

const IMPORTABLE_TYPES = ['transaction', 'batch', 'collection'];

const codesOf = (concepts: CodeableConcept[] | undefined, system: string): string[] =>
  (concepts ?? []).flatMap((concept) =>
    (concept.coding ?? []).filter((coding) => coding.system === system && coding.code).map((coding) => coding.code!),
  );

const phoneOf = (...lists: (ContactPoint[] | undefined)[]): string | undefined =>
  lists.flatMap((list) => list ?? []).find((point) => point.system === 'phone' && point.value)?.value;

function credentialsOf(service: Resource): Record<string, unknown>[] {
  const extensions = ((service.extension as Extension[] | undefined) ?? []).filter((extension) => extension.url === EXTENSION.credential);
  if (extensions.length > 0) {
    return extensions.map((extension) => {
      const part = (url: string) => extension.extension?.find((item) => item.url === url);
      return {
        type: part('type')?.valueCoding?.code,
        status: part('status')?.valueCode,
        expiresOn: part('expiresOn')?.valueDate ?? null,
        identifier: part('identifier')?.valueString ?? null,
        issuer: part('issuer')?.valueString ?? null,
      };
    });
  }
  // Without the extension, a credential characteristic says only that the facility holds it now.
  return codesOf(service.characteristic as CodeableConcept[] | undefined, CODE_SYSTEM.credential).map((type) => ({
    type,
    status: 'active',
  }));
}

/**
 * Reads every HealthcareService of a Bundle, with the Location and Organization it references, into
 * the facility the registry would create. Shape problems are reported with a FHIRPath expression.
 */
export function facilitiesFromBundle(bundle: Resource): { facilities: FacilityFromBundle[]; problems: BundleProblem[] } {
  const problems: BundleProblem[] = [];
  if (bundle.resourceType !== 'Bundle') return { facilities: [], problems: [{ expression: 'resourceType', reason: 'must be Bundle' }] };
  const { type, entry = [] } = bundle as Bundle;
  if (!IMPORTABLE_TYPES.includes(type))
    problems.push({ expression: 'Bundle.type', reason: `must be one of ${IMPORTABLE_TYPES.join(', ')}` });
  const byReference = new Map<string, Resource>();
  entry.forEach((item) => {
    if (!item.resource) return;
    if (item.fullUrl) byReference.set(item.fullUrl, item.resource);
    if (item.resource.id) byReference.set(`${item.resource.resourceType}/${item.resource.id}`, item.resource);
  });
  const resolve = (reference: Reference | undefined, type: string) => {
    const target = reference?.reference ? byReference.get(reference.reference) : undefined;
    return target?.resourceType === type ? target : undefined;
  };

  const facilities: FacilityFromBundle[] = [];
  entry.forEach((item, index) => {
    const expression = `Bundle.entry[${index}].resource`;
    if (!item.resource) {
      problems.push({ expression: `Bundle.entry[${index}]`, reason: 'has no resource' });
      return;
    }
    if (item.resource.resourceType !== 'HealthcareService') return;
    const service = item.resource;
    const location = resolve((service.location as Reference[] | undefined)?.[0], 'Location');
    const organization = resolve(service.providedBy as Reference | undefined, 'Organization');
    if (!location) {
      problems.push({
        expression: `${expression}.location[0]`,
        reason: 'must reference a Location in the same Bundle (by fullUrl or Location/id): the facility needs an address',
      });
      return;
    }
    const address = (location.address ?? {}) as { line?: string[]; city?: string; state?: string; postalCode?: string };
    const characteristic = service.characteristic as CodeableConcept[] | undefined;
    const eligibility = ((service.eligibility as { code?: CodeableConcept }[] | undefined) ?? []).map((item) => item.code ?? {});
    facilities.push({
      expression,
      facility: {
        name: service.name ?? organization?.name ?? location.name,
        street: address.line?.[0],
        city: address.city,
        state: address.state,
        zip: address.postalCode,
        phone: phoneOf(service.telecom as ContactPoint[], location.telecom as ContactPoint[], organization?.telecom as ContactPoint[]),
        active: service.active ?? true,
        programs: codesOf(service.type as CodeableConcept[] | undefined, CODE_SYSTEM.levelOfCare).map((levelOfCare) => ({ levelOfCare })),
        medications: codesOf(characteristic, CODE_SYSTEM.medication),
        medicationServices: codesOf(characteristic, FACILITY_CODE_SYSTEM.medicationService),
        substancesNotTreated: codesOf(characteristic, FACILITY_CODE_SYSTEM.substanceNotTreated),
        servesOnlyClientsWith: codesOf(characteristic, FACILITY_CODE_SYSTEM.servesOnlyClientsWith),
        withdrawalManaged: codesOf(characteristic, FACILITY_CODE_SYSTEM.withdrawalManaged),
        operators: codesOf(characteristic, FACILITY_CODE_SYSTEM.operator),
        supportServices: codesOf(characteristic, FACILITY_CODE_SYSTEM.supportService),
        therapies: codesOf(characteristic, CODE_SYSTEM.therapy),
        populations: codesOf(characteristic, CODE_SYSTEM.population),
        gendersAccepted: codesOf(eligibility, CODE_SYSTEM.gender),
        ageGroupsAccepted: codesOf(eligibility, CODE_SYSTEM.ageGroup),
        languages: codesOf(service.communication as CodeableConcept[] | undefined, BCP_47).map((tag) => LANGUAGE_OF_TAG.get(tag) ?? tag),
        insurance: { payers: codesOf(characteristic, CODE_SYSTEM.payer), privateInsurancePlans: [] },
        credentials: credentialsOf(service),
      },
    });
  });
  if (problems.length === 0 && facilities.length === 0) {
    problems.push({ expression: 'Bundle.entry', reason: 'holds no HealthcareService to import' });
  }
  return { facilities, problems };
}
