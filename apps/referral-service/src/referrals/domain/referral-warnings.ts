import {
  AWAITING_ANSWER_STATUSES,
  DETOX_LEVELS,
  LEVEL_OF_CARE_DEFINITIONS,
  PLACED_STATUSES,
  type LevelOfCare,
  type TaskStatus,
} from '#contracts';
import { CLINICAL_ADVISORY_CODES, clinicalAdvisories, type AdvisedReferral } from '#matching';

/** The clinical advisories of the matching library first (they bear on the plan), then what the tasks call for. */
export const REFERRAL_WARNING_CODES = [...CLINICAL_ADVISORY_CODES, 'no-next-level', 'no-answer-no-other-match'] as const;
export type ReferralWarningCode = (typeof REFERRAL_WARNING_CODES)[number];

export interface ReferralWarning {
  readonly code: ReferralWarningCode;
  readonly text: string;
}

/** What the referral asked for: the advisories depend on the level requested and the patient's needs. */
export interface ReferralRequestView {
  readonly levelOfCare: LevelOfCare;
  readonly needs: AdvisedReferral['needs'];
}

interface TaskView {
  readonly levelOfCare: LevelOfCare;
  readonly status: TaskStatus;
  readonly facilityId: string;
}

const ADMITTED: readonly TaskStatus[] = ['in-progress', 'completed'];

/**
 * What the planner must not miss. The clinical advisories come from the matching library (e.g. MOUD is
 * preferred to opioid withdrawal in pregnancy); they warn, they never leave a facility out. Leaving
 * detox without a next placement is the moment of highest overdose risk, so an admission to detox with
 * no follow-up referral under way is flagged; so is a referral nobody answered once every match has
 * been tried.
 */
export function referralWarnings(
  tasks: readonly TaskView[],
  matchedFacilityIds: readonly string[],
  followUpTaskStatuses: readonly TaskStatus[],
  request?: ReferralRequestView,
): ReferralWarning[] {
  const warnings: ReferralWarning[] = request
    ? clinicalAdvisories({ levelOfCare: request.levelOfCare, needs: request.needs }).map((advisory) => ({
        code: advisory.code,
        text: advisory.text,
      }))
    : [];
  const detox = tasks.find((task) => DETOX_LEVELS.includes(task.levelOfCare) && ADMITTED.includes(task.status));
  const followUpUnderWay = followUpTaskStatuses.some(
    (status) => AWAITING_ANSWER_STATUSES.includes(status) || PLACED_STATUSES.includes(status),
  );
  if (detox && !followUpUnderWay) {
    const next = (LEVEL_OF_CARE_DEFINITIONS[detox.levelOfCare].nextStep ?? []).map((level) =>
      LEVEL_OF_CARE_DEFINITIONS[level].label.toLowerCase(),
    );
    warnings.push({
      code: 'no-next-level',
      text:
        'Admitted to detox with no next level of care under way: the days after detox carry the highest risk of overdose. ' +
        `Refer on now${next.length > 0 ? ` (${next.join(', ')})` : ''}, as a referral that follows this one.`,
    });
  }
  const everyTaskEnded =
    tasks.length > 0 &&
    tasks.every(
      (task) =>
        !AWAITING_ANSWER_STATUSES.includes(task.status) && !PLACED_STATUSES.includes(task.status) && !ADMITTED.includes(task.status),
    );
  const everyMatchTried = matchedFacilityIds.every((id) => tasks.some((task) => task.facilityId === id));
  if (everyTaskEnded && everyMatchTried && tasks.some((task) => task.status === 'failed' || task.status === 'cancelled')) {
    warnings.push({
      code: 'no-answer-no-other-match',
      text:
        'No facility took this referral and every match has been tried: ' +
        'widen the search (distance, level of care) with a new referral.',
    });
  }
  return warnings;
}
