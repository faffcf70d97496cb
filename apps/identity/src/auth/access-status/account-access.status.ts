import { Inject, Injectable } from '@nestjs/common';
import type { AccessCredential, AccessStatus, AccessStatusSource } from '#auth';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../../accounts/database/account.repository.port.js';

/**
 * Identity's own guard reads the account's status from its database on every request, with no cache:
 * an admin's change takes effect here at once (other services learn it through GET /api/auth/access-status).
 */
@Injectable()
export class AccountAccessStatus implements AccessStatusSource {
  constructor(@Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository) {}

  async statusOf(credential: AccessCredential): Promise<AccessStatus> {
    const account = await this.accounts.findById(credential.accountId);
    // No such account (any more): no access.
    return account ? { active: account.active, tokenVersion: account.tokenVersion } : { active: false, tokenVersion: 0 };
  }
}
