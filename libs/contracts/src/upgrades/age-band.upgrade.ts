import { ageBandOf } from '#vocabulary';
import type { ReferralSubmittedV2Value } from '../messages/referral-submitted-v2/referral-submitted.value.js';
import type { ReferralSubmittedValue } from '../messages/referral-submitted-v3/referral-submitted.value.js';
import type { ReferralTaskV1Value } from '../messages/referral-task/referral-task.value.js';
import type { ReferralTaskValue } from '../messages/referral-task-v2/referral-task.value.js';

// Events written before the age band replaced the exact age (referral.submitted.v2, referral.task.v1)
// may still be in the log during an upgrade. Their consumers read them through these, at the edge, so
// nothing behind it ever sees an exact age and no event already published is lost.

/** A referral.submitted.v2 payload as referral.submitted.v3 carries it: the age band, not the age. */
export function referralSubmittedFromV2(old: ReferralSubmittedV2Value): ReferralSubmittedValue {
  const { ageYears, ...needs } = old.needs;
  return { ...old, origin: { ...old.origin }, needs: { ...needs, ageBand: ageBandOf(ageYears) } };
}

/** A referral.task.v1 payload as referral.task.v2 carries it: the age band, not the age. */
export function referralTaskFromV1(old: ReferralTaskV1Value): ReferralTaskValue {
  const { ageYears, ...patient } = old.patient;
  return { ...old, patient: { ...patient, ageBand: ageBandOf(ageYears) } };
}
