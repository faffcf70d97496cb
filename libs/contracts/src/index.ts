// class-transformer's @Type reads decorator metadata; load the polyfill wherever contracts load.
import 'reflect-metadata';
export * from './topics/topic.enum.js';
export * from './topics/topic-access.js';
export * from '#vocabulary';
export * from './envelope/event-envelope.js';
export * from './messages/facility-profile-v2/facility-profile.value.js';
export * from './messages/facility-capacity-v2/facility-capacity.value.js';
export * from './messages/facility-accreditation/facility-accreditation.value.js';
export * from './messages/facility-insurance/facility-insurance.value.js';
export * from './messages/referral-submitted-v3/referral-submitted.value.js';
export * from './messages/referral-submitted-v2/referral-submitted.value.js';
export * from './messages/referral-matched/referral-matched.value.js';
export * from './messages/referral-task-v2/referral-task.value.js';
export * from './messages/referral-task/referral-task.value.js';
export * from './messages/bed-hold/bed-hold.value.js';
export * from './messages/facility-capacity-report/facility-capacity-report.value.js';
export * from './codec/event-codec.js';
export * from './upgrades/age-band.upgrade.js';
