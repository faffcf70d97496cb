/** Issues an API key for the system account `accountId`, on behalf of the admin `adminId` (audited). */
export class CreateApiKeyCommand {
  constructor(
    readonly accountId: string,
    /** After this the key signs nobody in; null: it lasts until revoked. */
    readonly expiresAt: Date | null = null,
    readonly adminId: string | null = null,
  ) {}
}
