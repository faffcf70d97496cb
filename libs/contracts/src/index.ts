// class-transformer's @Type reads decorator metadata; load the polyfill wherever contracts load.
import 'reflect-metadata';
export * from './topics/topic.enum.js';
export * from './vocabulary/care.vocabulary.js';
export * from './envelope/event-envelope.js';
export * from './messages/facility-profile-v2/facility-profile.key.js';
export * from './messages/facility-profile-v2/facility-profile.value.js';
export * from './messages/facility-capacity-v2/facility-capacity.key.js';
export * from './messages/facility-capacity-v2/facility-capacity.value.js';
export * from './messages/facility-accreditation/facility-accreditation.key.js';
export * from './messages/facility-accreditation/facility-accreditation.value.js';
export * from './messages/facility-insurance/facility-insurance.key.js';
export * from './messages/facility-insurance/facility-insurance.value.js';
export * from './messages/referral-submitted/referral-submitted.key.js';
export * from './messages/referral-submitted/referral-submitted.value.js';
export * from './messages/referral-matched/referral-matched.key.js';
export * from './messages/referral-matched/referral-matched.value.js';
export * from './codec/event-codec.js';
export * from './vocabulary/asam.vocabulary.js';
