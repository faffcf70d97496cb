import { SUBSTANCE_LABELS, SUBSTANCES, SUPPORT_SERVICE_LABELS, type Substance, type SupportService } from '#vocabulary';
import type { Facility } from '../api/api.types';
import { sentenceCase } from '../format';

// The facility's profile in staff's words: what it treats, the withdrawal it manages, its medications
// (each form only as the facility states it), recovery supports and who runs it.

export function substanceText(substance: Substance): string {
  return `${SUBSTANCE_LABELS[substance]} use disorder`;
}

export function withdrawalText(substance: Substance): string {
  return `${SUBSTANCE_LABELS[substance]} withdrawal`;
}

export function supportServiceText(service: SupportService): string {
  const label = SUPPORT_SERVICE_LABELS[service];
  return sentenceCase(label);
}

/** The substances the facility treats: all but those it says it does not, and only those it serves when it says so. */
export function substancesTreated(facility: Pick<Facility, 'substancesNotTreated' | 'servesOnlyClientsWith'>): Substance[] {
  const served = facility.servesOnlyClientsWith.length > 0 ? facility.servesOnlyClientsWith : SUBSTANCES;
  return served.filter((substance) => !facility.substancesNotTreated.includes(substance));
}
