import type { Principal } from '#auth';

export class RevokeConsentCommand {
  constructor(
    readonly referralId: string,
    readonly consentId: string,
    readonly actor: Principal,
    readonly now: Date = new Date(),
  ) {}
}
