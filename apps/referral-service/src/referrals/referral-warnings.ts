import { AWAITING_ANSWER_STATUSES, LEVEL_OF_CARE_DEFINITIONS, PLACED_STATUSES, type LevelOfCare, type TaskStatus } from '#contracts';

export interface ReferralWarning {
  readonly code: 'no-next-level' | 'no-answer-no-other-match';
  readonly text: string;
}

interface TaskView {
  readonly levelOfCare: LevelOfCare;
  readonly status: TaskStatus;
  readonly facilityId: string;
}

const DETOX_LEVELS: readonly LevelOfCare[] = ['detox-hospital', 'detox-residential', 'detox-outpatient'];
const ADMITTED: readonly TaskStatus[] = ['in-progress', 'completed'];

/**
 * What the planner must not miss. Leaving detox without a next placement is the moment of highest
 * overdose risk, so an admission to detox with no follow-up referral under way is flagged; so is a
 * referral nobody answered once every match has been tried.
 */
export function referralWarnings(
  tasks: readonly TaskView[],
  matchedFacilityIds: readonly string[],
  followUpTaskStatuses: readonly TaskStatus[],
): ReferralWarning[] {
  const warnings: ReferralWarning[] = [];
  const detox = tasks.find((task) => DETOX_LEVELS.includes(task.levelOfCare) && ADMITTED.includes(task.status));
  const followUpUnderWay = followUpTaskStatuses.some((status) => AWAITING_ANSWER_STATUSES.includes(status) || PLACED_STATUSES.includes(status));
  if (detox && !followUpUnderWay) {
    const next = (LEVEL_OF_CARE_DEFINITIONS[detox.levelOfCare].nextStep ?? []).map((level) => LEVEL_OF_CARE_DEFINITIONS[level].label.toLowerCase());
    warnings.push({
      code: 'no-next-level',
      text:
        'Admitted to detox with no next level of care under way: the days after detox carry the highest risk of overdose. ' +
        `Refer on now${next.length > 0 ? ` (${next.join(', ')})` : ''}, as a referral that follows this one.`,
    });
  }
  const everyTaskEnded = tasks.length > 0 && tasks.every((task) => !AWAITING_ANSWER_STATUSES.includes(task.status) && !PLACED_STATUSES.includes(task.status) && !ADMITTED.includes(task.status));
  const everyMatchTried = matchedFacilityIds.every((id) => tasks.some((task) => task.facilityId === id));
  if (everyTaskEnded && everyMatchTried && tasks.some((task) => task.status === 'failed' || task.status === 'cancelled')) {
    warnings.push({
      code: 'no-answer-no-other-match',
      text: 'No facility took this referral and every match has been tried: widen the search (distance, level of care) with a new referral.',
    });
  }
  return warnings;
}
