import type { ReferralResponseDto } from '../referrals/dtos/referral.response.dto.js';
import { toServiceRequest } from './referral-fhir.mapper.js';

type Json = Record<string, any>;

const PATIENT_NEED = 'https://sud-referral.example/fhir/CodeSystem/patient-need';
const SUBSTANCE = 'https://sud-referral.example/fhir/CodeSystem/substance';

function referral(needs: Partial<ReferralResponseDto['needs']> = {}): ReferralResponseDto {
  return {
    id: '7f1c1a52-3d0e-4b8e-9f57-0a3f4e3a9c21',
    matchStatus: 'matched',
    levelOfCare: 'detox-residential',
    payer: 'medicaid',
    patientZip: '40202',
    maxDistanceMiles: 50,
    needs: {
      gender: 'female',
      ageYears: 29,
      pregnant: false,
      coOccurringMentalIllness: false,
      substances: ['alcohol'],
      courtOrder: null,
      courtOrdered: false,
      medication: null,
      startMedication: null,
      bedsForChildren: false,
      childcare: false,
      language: null,
      ...needs,
    },
    submittedAt: '2026-01-05T08:00:00.000Z',
    matchedAt: null,
    facilitiesConsidered: null,
    excludedByRule: null,
    matches: [],
    acceptHigherLevels: false,
    requireAccreditation: false,
    nearbyExclusions: [],
    suggestions: [],
    tasks: [],
    followsReferralId: null,
    warnings: [],
    outcome: 'searching',
  } as unknown as ReferralResponseDto;
}

const codes = (concepts: Json[] | undefined) =>
  (concepts ?? []).map((concept) => `${concept.coding[0].system === PATIENT_NEED ? '' : '?'}${concept.coding[0].code}`);

describe('a referral as a FHIR ServiceRequest', () => {
  it('gives the substances as reason codes, in the project’s substance code system', () => {
    const request = toServiceRequest(referral({ substances: ['opioids', 'sedatives'] })) as Json;
    expect(request.reasonCode).toEqual([
      { coding: [{ system: SUBSTANCE, code: 'opioids', display: 'Opioid use disorder' }], text: 'Opioid use disorder' },
      {
        coding: [{ system: SUBSTANCE, code: 'sedatives', display: 'Sedative (benzodiazepine) use disorder' }],
        text: 'Sedative (benzodiazepine) use disorder',
      },
    ]);
  });

  it('has no reason code for a referral made before substances were asked (the empty list is pruned when sent)', () => {
    expect((toServiceRequest(referral({ substances: [] })) as Json).reasonCode).toEqual([]);
  });

  it('details the court order’s kind, the medications to continue and to start, and the children’s needs', () => {
    const request = toServiceRequest(
      referral({
        courtOrder: 'dui',
        courtOrdered: true,
        medication: 'methadone',
        startMedication: 'naltrexone-extended-release',
        bedsForChildren: true,
        childcare: true,
      }),
    ) as Json;
    expect(codes(request.orderDetail)).toEqual([
      'court-ordered-dui',
      'continue-methadone',
      'start-naltrexone-extended-release',
      'beds-for-children',
      'childcare',
    ]);
    expect(request.orderDetail.find((detail: Json) => detail.coding[0].code === 'start-naltrexone-extended-release').text).toBe(
      'Start extended-release naltrexone',
    );
    expect(codes((toServiceRequest(referral({ courtOrder: 'other', courtOrdered: true })) as Json).orderDetail)).toEqual([
      'court-ordered-other',
    ]);
    expect((toServiceRequest(referral()) as Json).orderDetail).toEqual([]);
  });
});
