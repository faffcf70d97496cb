import type { BedType } from '#contracts';
import type { ExclusionRule } from '#vocabulary';
import { BED_TYPE_BITS, type FacilityFacts } from './facility-facts.js';
import type { BedTally } from './hard-rules.js';
import type { Criteria } from './match-criteria.js';
import { scoreOf } from './match-ranking.js';
import type { FacilityMatch } from './match-result.js';
import {
  activeRule,
  BED_TYPE_ORDER,
  bedsReasons,
  bedsRule,
  distanceRule,
  distanceWords,
  levelOfCareRule,
  NEED_RULES,
  needRulesSpeakingFor,
  type RuleCheck,
} from './reference-rules.js';
import { isoInstant } from './iso-instant.js';
import { round } from './rule-terms.js';

// The words of a verdict: why a facility was left out, and what a planner should know about a match.
// Each rule's words are those of its statement in reference-rules.ts, so they are written once.

/** Why `rule` (the fast engine's verdict) excludes the facility, for the planner. */
export function exclusionDetail(criteria: Criteria, facts: FacilityFacts, rule: ExclusionRule): string {
  const { request } = criteria;
  const { facility } = facts;
  switch (rule) {
    case 'inactive':
      return detailOf(activeRule(facility), rule);
    case 'distance':
      return detailOf(distanceRule(facility, request), rule);
    case 'level-of-care':
      return detailOf(levelOfCareRule(facility, criteria.levels), rule);
    case 'no-bed':
    case 'stale-count': {
      const beds = bedsRule(facility, request, criteria.levels);
      return beds.passes ? unexplained(rule) : beds.detail;
    }
    default: {
      const check = NEED_RULES.find(([name]) => name === rule)?.[1];
      return check ? detailOf(check(facility, request), rule) : unexplained(rule);
    }
  }
}

const detailOf = (check: RuleCheck, rule: ExclusionRule): string => (check.passes ? unexplained(rule) : check.detail);
/** Never expected: the engine and the rules' statements agree (reference-rules.property.spec.ts). */
const unexplained = (rule: ExclusionRule): string => `excluded by the ${rule} rule`;

/** The reason a match ranks first for a pregnant patient who needs treatment for opioids. */
export const MOUD_IN_PREGNANCY_REASON = 'offers MOUD (methadone or buprenorphine), recommended in pregnancy: ranked first';

/** A facility that fits, with its reasons; `beds` is ruleInReach's tally of the level it found, `tier` its rankTier. */
export function matchInWords(
  criteria: Criteria,
  facts: FacilityFacts,
  distance: number,
  beds: Readonly<BedTally>,
  continues: boolean,
  tier: number,
): FacilityMatch {
  const { request } = criteria;
  const { facility } = facts;
  const level = beds.level!;
  const reasons = bedsReasons(
    { levelOfCare: level, available: beds.available, staffed: beds.staffed, types: bedTypesOf(beds.freshTypes) },
    request,
  );
  // Only the rules with something to say for this request: the others pass silently.
  for (const [, check] of (criteria.speakingRules ??= needRulesSpeakingFor(request))) {
    const verdict = check(facility, request);
    if (verdict.passes) for (const reason of verdict.reasons) reasons.push(reason);
  }
  if (tier >= 2) reasons.push(MOUD_IN_PREGNANCY_REASON);
  reasons.push(distanceWords(distance));
  const continuing = criteria.nextStepLevels.values.filter((next) => (facility.levelsOfCare as readonly string[]).includes(next));
  if (continuing.length > 0) reasons.push(`also offers ${continuing.join(', ')}: no gap before the next level of care`);
  return {
    facilityId: facility.facilityId,
    name: facility.name,
    city: facility.city,
    state: facility.state,
    levelOfCare: level,
    distanceMiles: round(distance, 1),
    bedsAvailable: beds.available,
    bedsConfirmedAt: isoInstant(beds.lastConfirmed),
    score: scoreOf(request, distance, beds.available, beds.lastConfirmed, continues),
    reasons,
  };
}

/** The bed types of a mask of BED_TYPE_BITS, in the order they are named. */
const bedTypesOf = (mask: number): BedType[] => BED_TYPE_ORDER.filter((type) => (mask & BED_TYPE_BITS[type]) !== 0);
