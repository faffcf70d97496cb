/** Deactivates `accountId` on behalf of the admin `adminId`: it can no longer sign in, and its tokens stop working. */
export class DeactivateAccountCommand {
  constructor(
    readonly accountId: string,
    readonly adminId: string,
  ) {}
}
