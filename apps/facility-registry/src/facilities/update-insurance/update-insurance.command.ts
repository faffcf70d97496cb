import type { InsuranceState } from '#contracts';

export class UpdateInsuranceCommand {
  constructor(
    readonly facilityId: string,
    readonly insurance: InsuranceState,
    /** Who asks for the change; kept in the facility's history. */
    readonly changedBy: string,
  ) {}
}
