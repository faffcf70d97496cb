import { LEVEL_OF_CARE_DEFINITIONS, type LevelOfCare, type ReferralOutcome } from '#vocabulary';

/** "12 min ago", "3 h ago", "2 days ago": how fresh a bed count is, at a glance. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'unknown';
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function minutes(value: number | null): string {
  if (value === null) return '–';
  if (value < 60) return `${Math.round(value)} min`;
  if (value < 48 * 60) return `${(value / 60).toFixed(1)} h`;
  return `${(value / 1440).toFixed(1)} days`;
}

export function levelLabel(level: LevelOfCare): string {
  return LEVEL_OF_CARE_DEFINITIONS[level].label;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '–';
}

export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/** "1 referral", "3 referrals". */
export function count(value: number, singular: string, plural = `${singular}s`): string {
  return `${value} ${value === 1 ? singular : plural}`;
}

/** What became of a referral, in a planner's words (the API's outcome codes). */
const OUTCOME_TEXT: Record<ReferralOutcome, string> = {
  matching: 'Searching',
  'no-match': 'No bed found',
  'not-sent': 'Not sent yet',
  'awaiting-answer': 'Waiting for an answer',
  accepted: 'Accepted',
  admitted: 'Admitted',
  completed: 'Completed',
  declined: 'Declined',
  unplaced: 'Not placed',
};

export function outcomeText(outcome: ReferralOutcome): string {
  return OUTCOME_TEXT[outcome];
}

/** "does not use …" → "Does not use …": vocabulary labels read in a sentence; lists start with a capital. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
