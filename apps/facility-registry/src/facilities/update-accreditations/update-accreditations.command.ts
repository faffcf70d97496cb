import type { CredentialValue } from '#contracts';

export class UpdateAccreditationsCommand {
  constructor(
    readonly facilityId: string,
    readonly credentials: readonly CredentialValue[],
    /** Who asks for the change; kept in the facility's history. */
    readonly changedBy: string,
    /** The day credentials are checked against (an active one must not have expired). */
    readonly today: string = new Date().toISOString().slice(0, 10),
  ) {}
}
