/** Reactivates `accountId` on behalf of the admin `adminId`: it may sign in again. */
export class ReactivateAccountCommand {
  constructor(
    readonly accountId: string,
    readonly adminId: string,
  ) {}
}
