/** An admin changes what an account acts for; a field left undefined stays as it is. */
export class ChangeAccountAccessCommand {
  constructor(
    readonly accountId: string,
    readonly adminId: string,
    readonly changes: {
      /** The facilities a facility-staff or system account acts for, replacing the old ones. */
      readonly facilityIds?: readonly string[];
      /** The account's organisation; null clears it. */
      readonly organization?: string | null;
    },
  ) {}
}
