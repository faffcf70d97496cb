/** Issues an API key for the system account `accountId`. */
export class CreateApiKeyCommand {
  constructor(readonly accountId: string) {}
}
