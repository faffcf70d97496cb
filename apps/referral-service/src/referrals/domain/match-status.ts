/** Where the matcher's answer stands: asked, answered with matches, answered with none. */
export const MATCH_STATUSES = ['matching', 'matched', 'no-match'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
