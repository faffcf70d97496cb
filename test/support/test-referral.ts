import { DETOX_LEVELS, type LevelOfCare } from '#vocabulary';
// What a referral must say since issue 13 (the substances), and how a spec that picks a facility of the
// imported directory keeps to one the substance rules let through.

/** What the specs' patients need treatment for unless a spec is about substances. */
export const TEST_SUBSTANCES = ['alcohol'] as const;

/** The substances whose withdrawal the directory codes (ADTX, BDTX, ODTX, CDTX/MDTX). */
const WITHDRAWAL_CODED = ['alcohol', 'sedatives', 'opioids', 'stimulants'];

/** The substance facts of a facility as GET /api/facilities shows them (absent on a registry without them). */
export interface FacilitySubstanceFacts {
  substancesNotTreated?: string[];
  servesOnlyClientsWith?: string[];
  withdrawalManaged?: string[];
}

/**
 * Whether the `substance` and `withdrawal` rules let this facility through for these substances at
 * this level: it treats each (NAUT, NOOP), serves them (OUDO, AUDO), and a detox lists no withdrawal
 * type or every coded one named.
 */
export function treatsSubstances(
  facility: FacilitySubstanceFacts,
  substances: readonly string[] = TEST_SUBSTANCES,
  levelOfCare?: string,
): boolean {
  const notTreated = facility.substancesNotTreated ?? [];
  const servesOnly = facility.servesOnlyClientsWith ?? [];
  const withdrawal = facility.withdrawalManaged ?? [];
  if (substances.some((substance) => notTreated.includes(substance))) return false;
  if (servesOnly.length > 0 && !substances.some((substance) => servesOnly.includes(substance))) return false;
  if (levelOfCare && DETOX_LEVELS.includes(levelOfCare as LevelOfCare) && withdrawal.length > 0) {
    return substances.filter((substance) => WITHDRAWAL_CODED.includes(substance)).every((substance) => withdrawal.includes(substance));
  }
  return true;
}

/** A facility of the imported directory, not one another spec added (those carry bed lines of their own). */
export function fromDirectory(facility: { readonly sourceRef: string | null }): boolean {
  return facility.sourceRef?.startsWith('samhsa:') ?? false;
}
