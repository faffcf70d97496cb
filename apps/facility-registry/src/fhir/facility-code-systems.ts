import { FHIR_BASE_URL } from '#fhir';
import { SUBSTANCE_LABELS, SUPPORT_SERVICE_LABELS, type Substance } from '#contracts';

/**
 * The code systems of what a facility states about substances, withdrawal, medication services, who
 * runs it and its recovery supports. Like levels of care and payers, they have no standard FHIR value
 * set: they are published as code systems of our own, and the codes are the API's.
 */
export const FACILITY_CODE_SYSTEM = {
  substanceNotTreated: `${FHIR_BASE_URL}/CodeSystem/substance-not-treated`,
  servesOnlyClientsWith: `${FHIR_BASE_URL}/CodeSystem/serves-only-clients-with`,
  withdrawalManaged: `${FHIR_BASE_URL}/CodeSystem/withdrawal-managed`,
  medicationService: `${FHIR_BASE_URL}/CodeSystem/medication-service`,
  operator: `${FHIR_BASE_URL}/CodeSystem/operator`,
  supportService: `${FHIR_BASE_URL}/CodeSystem/support-service`,
} as const;

export const substanceNotTreatedDisplay = (substance: Substance): string => `does not treat ${SUBSTANCE_LABELS[substance]} use disorder`;
export const servesOnlyDisplay = (substance: Substance): string => `serves only clients with ${SUBSTANCE_LABELS[substance]} use disorder`;
export const withdrawalDisplay = (substance: Substance): string => `manages ${SUBSTANCE_LABELS[substance]} withdrawal`;
export const supportServiceDisplay = (service: keyof typeof SUPPORT_SERVICE_LABELS): string => SUPPORT_SERVICE_LABELS[service];
