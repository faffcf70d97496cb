/** The matcher's hard rules, named so a planner can tell "no bed" from "not in network". */
export const EXCLUSION_RULES = [
  'inactive',
  'distance',
  'level-of-care',
  'no-bed',
  'stale-count',
  'payer',
  'credential',
  'accreditation',
  'gender',
  'age',
  'pregnancy',
  'co-occurring',
  'court-ordered',
  'substance',
  'withdrawal',
  'medication',
  'start-medication',
  'parenting',
  'language',
] as const;
export type ExclusionRule = (typeof EXCLUSION_RULES)[number];
