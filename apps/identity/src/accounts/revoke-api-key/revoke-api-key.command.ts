/** Revokes the key `keyId` of the account `accountId` on behalf of the admin `adminId`. */
export class RevokeApiKeyCommand {
  constructor(
    readonly accountId: string,
    readonly keyId: string,
    readonly adminId: string,
  ) {}
}
