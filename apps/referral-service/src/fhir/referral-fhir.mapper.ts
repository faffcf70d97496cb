import { CODE_SYSTEM, FHIR_BASE_URL, type CodeableConcept, type Resource } from '#fhir';
import { LEVEL_OF_CARE_DEFINITIONS, MEDICATION_LABELS, SUBSTANCE_LABELS, type Substance } from '#contracts';
import type { ReferralResponseDto, ReferralTaskResponseDto } from '../referrals/dtos/referral.response.dto.js';

// A referral is a ServiceRequest; each facility it was sent to is a Task that fulfils it, following the
// closed-loop referral pattern (Task.status and statusReason carry the facility's answer).

const PATIENT_NEED = `${FHIR_BASE_URL}/CodeSystem/patient-need`;
/** The substances a patient needs treatment for; the codes are the API's (SUBSTANCES). */
const SUBSTANCE = `${FHIR_BASE_URL}/CodeSystem/substance`;
const TASK_STATUS_REASON = `${FHIR_BASE_URL}/CodeSystem/task-status-reason`;
const BED_HOLD = `${FHIR_BASE_URL}/CodeSystem/bed-hold-status`;
const PATIENT_AGE = `${FHIR_BASE_URL}/StructureDefinition/patient-age`;

const need = (code: string, display: string): CodeableConcept => ({ coding: [{ system: PATIENT_NEED, code, display }], text: display });

/** "Alcohol use disorder", "Sedative (benzodiazepine) use disorder", …: why the patient is referred. */
function substanceUseDisorder(substance: Substance): CodeableConcept {
  const label = SUBSTANCE_LABELS[substance];
  const display = `${label.charAt(0).toUpperCase()}${label.slice(1)} use disorder`;
  return { coding: [{ system: SUBSTANCE, code: substance, display }], text: display };
}

const COURT_ORDER_NEEDS = {
  dui: need('court-ordered-dui', 'Court-ordered placement (DUI/DWI)'),
  other: need('court-ordered-other', 'Court-ordered placement (not DUI/DWI)'),
} as const;

function needs(referral: ReferralResponseDto): CodeableConcept[] {
  const { needs: patient } = referral;
  return [
    ...(patient.pregnant ? [need('pregnant-postpartum', 'Pregnant or postpartum')] : []),
    ...(patient.coOccurringMentalIllness ? [need('co-occurring-mental-illness', 'Co-occurring mental illness')] : []),
    ...(patient.courtOrder ? [COURT_ORDER_NEEDS[patient.courtOrder]] : []),
    ...(patient.medication ? [need(`continue-${patient.medication}`, `Continue ${MEDICATION_LABELS[patient.medication]}`)] : []),
    ...(patient.startMedication ? [need(`start-${patient.startMedication}`, `Start ${MEDICATION_LABELS[patient.startMedication]}`)] : []),
    ...(patient.bedsForChildren ? [need('beds-for-children', 'Residential beds for the patient’s children')] : []),
    ...(patient.childcare ? [need('childcare', 'Childcare for the patient’s children')] : []),
    ...(patient.language ? [need(`language-${patient.language}`, `Care in ${patient.language}`)] : []),
    ...(referral.acceptHigherLevels ? [need('higher-level-acceptable', 'A more intensive level is acceptable')] : []),
    ...(referral.requireAccreditation ? [need('accreditation-required', 'Accredited facilities only')] : []),
  ];
}

export function toServiceRequest(referral: ReferralResponseDto): Resource {
  const level = LEVEL_OF_CARE_DEFINITIONS[referral.levelOfCare];
  const changes = [referral.submittedAt, referral.matchedAt, ...referral.tasks.map((task) => task.updatedAt)].filter(
    (at): at is string => at !== null,
  );
  return {
    resourceType: 'ServiceRequest',
    id: referral.id,
    meta: { lastUpdated: changes.sort().at(-1) },
    // Minimum necessary: the patient is only what matching needs (gender, age, ZIP code), never an identity.
    contained: [
      {
        resourceType: 'Patient',
        id: 'patient',
        extension: [
          { url: PATIENT_AGE, valueAge: { value: referral.needs.ageYears, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' } },
        ],
        gender: referral.needs.gender,
        address: [{ postalCode: referral.patientZip, country: 'US' }],
      },
      {
        resourceType: 'Coverage',
        id: 'coverage',
        status: 'active',
        type: { coding: [{ system: CODE_SYSTEM.payer, code: referral.payer }] },
        beneficiary: { reference: '#patient' },
        payor: [{ display: referral.payer }],
      },
    ],
    status: referral.outcome === 'completed' ? 'completed' : 'active',
    intent: 'order',
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] }],
    code: { coding: [{ system: CODE_SYSTEM.levelOfCare, code: referral.levelOfCare, display: level.label }], text: level.label },
    orderDetail: needs(referral),
    // The substance use disorders the referral is for (empty, so left out, on referrals made before they were asked).
    reasonCode: referral.needs.substances.map(substanceUseDisorder),
    subject: { reference: '#patient' },
    authoredOn: referral.submittedAt,
    performer: referral.tasks.map((task) => ({ reference: `Organization/${task.facilityId}`, display: task.facilityName })),
    insurance: [{ reference: '#coverage' }],
  };
}

export function toTask(referralId: string, task: ReferralTaskResponseDto): Resource {
  return {
    resourceType: 'Task',
    id: task.id,
    meta: { lastUpdated: task.updatedAt },
    basedOn: [{ reference: `ServiceRequest/${referralId}` }],
    ...(task.escalatedFromTaskId ? { partOf: [{ reference: `Task/${task.escalatedFromTaskId}` }] } : {}),
    status: task.status,
    ...(task.statusReason
      ? { statusReason: { coding: [{ system: TASK_STATUS_REASON, code: task.statusReason }], text: task.statusNote ?? task.statusReason } }
      : {}),
    businessStatus: {
      coding: [{ system: BED_HOLD, code: task.hold.status }],
      text: task.hold.status === 'held' && task.hold.expiresAt ? `bed held until ${task.hold.expiresAt}` : `bed ${task.hold.status}`,
    },
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: { reference: `ServiceRequest/${referralId}` },
    authoredOn: task.createdAt,
    lastModified: task.updatedAt,
    owner: { reference: `Organization/${task.facilityId}`, display: task.facilityName },
    ...(task.hold.status === 'held' && task.hold.expiresAt ? { restriction: { period: { end: task.hold.expiresAt } } } : {}),
    ...(task.statusNote ? { note: [{ text: task.statusNote }] } : {}),
  };
}
