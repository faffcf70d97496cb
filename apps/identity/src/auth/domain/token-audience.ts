import type { Role, TokenAudience } from '#auth';

/**
 * The services each role's access token may be presented to (its `aud`): only those the role has any use
 * for, so a token taken from one place opens no other. Every token names identity, which the other
 * services ask with the token itself whether its account still has access (GET /api/auth/access-status).
 */
const AUDIENCES: Readonly<Record<Role, readonly TokenAudience[]>> = {
  planner: ['identity', 'facility-registry', 'referral-service'],
  'facility-staff': ['identity', 'facility-registry', 'referral-service'],
  admin: ['identity', 'facility-registry', 'referral-service'],
  // A facility's bed-count system (API key) reports beds to the registry, over HTTP or Kafka; nothing else.
  system: ['identity', 'facility-registry'],
};

/** The `aud` of an access token for an account of this role. */
export function audienceOf(role: Role): TokenAudience[] {
  return [...AUDIENCES[role]];
}
