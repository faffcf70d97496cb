export * from './facility-snapshot.js';
export * from './match-request.js';
export * from './geo-distance.js';
export * from './ranking-weights.js';
export * from './match-result.js';
export * from './facility-index.js';
export type { FacilitySource } from './facility-source.js';
export { ageGroupsFor, bedTypeFits, isBedCountStale, isCredentialValid } from './rule-terms.js';
export { evaluateFacility, matchFacilities } from './match-engine.js';
export {
  clinicalAdvisories,
  CLINICAL_ADVISORY_CODES,
  type AdvisedReferral,
  type ClinicalAdvisory,
  type ClinicalAdvisoryCode,
} from './clinical-advisories.js';
// The hard rules are shared with the web app, so they live in the vocabulary; re-exported for the matcher's users.
export { EXCLUSION_RULES, type ExclusionRule } from '#vocabulary';
