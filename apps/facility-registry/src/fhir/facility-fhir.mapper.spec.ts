import { withoutEmpty, type CodeableConcept } from '#fhir';
import type { FacilityResponseDto } from '../facilities/dtos/facility.response.dto.js';
import { FACILITY_CODE_SYSTEM } from './facility-code-systems.js';
import { toHealthcareService, toLocation, toOrganization } from './facility-fhir.mapper.js';
import { facilitiesFromBundle } from './import-fhir-bundle/fhir-bundle.reader.js';

const AT = '2026-03-02T12:00:00.000Z';

function facility(overrides: Partial<FacilityResponseDto> = {}): FacilityResponseDto {
  return {
    id: '0f3c2a1e-5b7d-4c9a-8e21-6d4f0b9a7c35',
    sourceRef: 'samhsa:substance_17',
    name: 'AppleGate Recovery',
    street: '101 W Main St',
    city: 'Louisville',
    state: 'KY',
    zip: '40202',
    phone: '502-555-0100',
    latitude: 38.2527,
    longitude: -85.7585,
    active: true,
    programs: [{ levelOfCare: 'detox-outpatient' }, { levelOfCare: 'outpatient' }],
    levelsOfCare: ['detox-outpatient', 'outpatient'],
    medications: ['buprenorphine', 'buprenorphine-sublingual'],
    continuesExternalMedication: null,
    medicationServices: ['prescribes-buprenorphine', 'buprenorphine-maintenance'],
    substancesNotTreated: ['alcohol'],
    servesOnlyClientsWith: ['opioids'],
    withdrawalManaged: ['opioids'],
    operators: ['private-for-profit'],
    supportServices: ['naloxone', 'recovery-coach'],
    therapies: [],
    populations: [],
    gendersAccepted: [],
    ageGroupsAccepted: [],
    languages: ['english'],
    payers: ['self-pay'],
    privateInsurancePlans: [],
    upfrontPaymentRequired: null,
    credentials: [],
    beds: [],
    updatedAt: AT,
    ...overrides,
  };
}

const codes = (concepts: unknown, system: string): string[] =>
  ((concepts ?? []) as CodeableConcept[]).flatMap((concept) =>
    (concept.coding ?? []).filter((coding) => coding.system === system).map((coding) => coding.code!),
  );

describe('HealthcareService', () => {
  it(
    'states substances not treated, clients served only, withdrawal managed, medication services, ' +
      'supports and operator as coded characteristics',
    () => {
      const { characteristic } = toHealthcareService(facility());
      expect(codes(characteristic, FACILITY_CODE_SYSTEM.substanceNotTreated)).toEqual(['alcohol']);
      expect(codes(characteristic, FACILITY_CODE_SYSTEM.servesOnlyClientsWith)).toEqual(['opioids']);
      expect(codes(characteristic, FACILITY_CODE_SYSTEM.withdrawalManaged)).toEqual(['opioids']);
      expect(codes(characteristic, FACILITY_CODE_SYSTEM.medicationService)).toEqual([
        'prescribes-buprenorphine',
        'buprenorphine-maintenance',
      ]);
      expect(codes(characteristic, FACILITY_CODE_SYSTEM.supportService)).toEqual(['naloxone', 'recovery-coach']);
      expect(codes(characteristic, FACILITY_CODE_SYSTEM.operator)).toEqual(['private-for-profit']);
      // Each says what it means in words, for a reader without the code system.
      expect((characteristic as CodeableConcept[]).map((concept) => concept.text)).toEqual(
        expect.arrayContaining([
          'does not treat alcohol use disorder',
          'serves only clients with opioid use disorder',
          'manages opioid withdrawal',
          'naloxone and overdose education',
        ]),
      );
    },
  );

  it('leaves nothing empty behind when none of it is on file', () => {
    const bare = withoutEmpty(
      toHealthcareService(
        facility({
          medications: [],
          medicationServices: [],
          substancesNotTreated: [],
          servesOnlyClientsWith: [],
          withdrawalManaged: [],
          operators: [],
          supportServices: [],
          payers: [],
          languages: [],
        }),
      ),
    );
    expect(bare.characteristic).toBeUndefined();
    expect(bare.communication).toBeUndefined();
  });

  it('reads back through a Bundle into the same lists', () => {
    const source = facility();
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [toOrganization(source), toLocation(source), toHealthcareService(source)].map((resource) => ({
        resource: withoutEmpty(resource),
      })),
    };
    const { facilities, problems } = facilitiesFromBundle(bundle);
    expect(problems).toEqual([]);
    expect(facilities[0]!.facility).toMatchObject({
      medications: source.medications,
      medicationServices: source.medicationServices,
      substancesNotTreated: source.substancesNotTreated,
      servesOnlyClientsWith: source.servesOnlyClientsWith,
      withdrawalManaged: source.withdrawalManaged,
      operators: source.operators,
      supportServices: source.supportServices,
    });
  });
});
