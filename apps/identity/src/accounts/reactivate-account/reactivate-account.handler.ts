import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '#http';
import { UnitOfWork } from '#persistence';
import type { AccountEntity } from '../database/account.entity.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';
import type { ReactivateAccountCommand } from './reactivate-account.command.js';

@Injectable()
export class ReactivateAccountHandler {
  private readonly logger = new Logger('AccountAudit');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
  ) {}

  /**
   * Reactivates the account, raising its token version: tokens from before the deactivation stay dead, the
   * account signs in afresh. Reactivating an active account changes nothing.
   */
  async execute(command: ReactivateAccountCommand): Promise<AccountEntity> {
    const { accountId, adminId } = command;
    return this.unitOfWork.run(async (tx) => {
      const account = await this.accounts.lockById(tx, accountId);
      if (!account) throw new DomainError('not-found', `account ${accountId} does not exist`);
      if (account.active) return account;
      const changed = await this.accounts.changeAccess(tx, account, { active: true });
      await this.accounts.recordChange(tx, { accountId, changedBy: adminId, action: 'reactivated', details: {} });
      this.logger.log(`account ${accountId} reactivated by ${adminId}`);
      return changed;
    });
  }
}
