import type { BedFitValue, BedType, LevelOfCare } from '#contracts';
import { bedTypeFits } from '#matching';

export interface HoldableLine {
  readonly levelOfCare: LevelOfCare;
  readonly bedType: BedType;
  readonly available: number;
  readonly confirmedAt: Date;
}

export type BedChoice = { readonly ok: true; readonly bedType: BedType } | { readonly ok: false; readonly reason: string };

// Specific beds first, so a general bed stays free for a patient no specific bed fits.
const PREFERENCE: readonly BedType[] = ['adolescent', 'female', 'male', 'general'];

/**
 * Which bed line a hold should take: the requested level, a bed type that fits the patient, a free
 * bed, a count confirmed recently enough to trust. Otherwise the reason, for the planner.
 */
export function chooseBedLine(
  lines: readonly HoldableLine[],
  levelOfCare: LevelOfCare,
  patient: BedFitValue,
  now: Date,
  staleAfterHours: number,
): BedChoice {
  const fitting = lines.filter((line) => line.levelOfCare === levelOfCare && bedTypeFits(line.bedType, patient));
  if (fitting.length === 0) return { ok: false, reason: `no ${levelOfCare} bed line fits this patient` };
  const withBeds = fitting.filter((line) => line.available > 0);
  if (withBeds.length === 0)
    return { ok: false, reason: `no ${levelOfCare} bed is free: the last one went to another referral or the count changed` };
  const oldest = now.getTime() - staleAfterHours * 3_600_000;
  const fresh = withBeds.filter((line) => line.confirmedAt.getTime() >= oldest);
  if (fresh.length === 0) {
    return { ok: false, reason: `the ${levelOfCare} bed count was not confirmed in the last ${staleAfterHours} h; call the facility` };
  }
  fresh.sort((a, b) => PREFERENCE.indexOf(a.bedType) - PREFERENCE.indexOf(b.bedType));
  return { ok: true, bedType: fresh[0]!.bedType };
}
