// The product's words (levels of care, payers, task statuses, referral outcomes, exclusion rules, ASAM
// levels, age bands): plain constants with no imports, so the services, the event contracts and the web app all share one list.
export * from './care.vocabulary.js';
export * from './referral.vocabulary.js';
export * from './asam.vocabulary.js';
export * from './matching.vocabulary.js';
export * from './age-band.vocabulary.js';
