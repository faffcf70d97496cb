import { createHash } from 'node:crypto';
import type { LevelOfCare } from '#contracts';

/**
 * Demo bed counts: the directory has none, so each facility gets plausible, repeatable figures
 * derived from a hash of its id. About a third of programs show no free bed, as in real life.
 */
export function demoBedCount(
  facilityRef: string,
  levelOfCare: LevelOfCare,
): { staffed: number; available: number; opening24h: number; opening72h: number } {
  const digest = createHash('sha256').update(`${facilityRef}|${levelOfCare}`).digest();
  const staffed = 4 + (digest[0]! % 37);
  const full = digest[1]! % 3 === 0;
  const available = full ? 0 : 1 + (digest[2]! % Math.min(staffed, 8));
  const opening24h = digest[3]! % 3;
  const opening72h = Math.min(staffed - available, opening24h + (digest[4]! % 4));
  return { staffed, available, opening24h: Math.min(opening24h, opening72h), opening72h };
}
