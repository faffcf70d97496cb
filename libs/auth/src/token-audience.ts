/**
 * The services an access token may be presented to. Identity lists in a token's `aud` those its account's
 * role uses, and each service accepts only tokens that list it: a token issued to a facility's bed-count
 * system, or leaked by one service, cannot be replayed to a service it was never meant for.
 */
export const TOKEN_AUDIENCES = ['identity', 'facility-registry', 'referral-service'] as const;
export type TokenAudience = (typeof TOKEN_AUDIENCES)[number];
