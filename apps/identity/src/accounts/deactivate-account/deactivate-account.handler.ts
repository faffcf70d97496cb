import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '#http';
import { UnitOfWork } from '#persistence';
import type { AccountEntity } from '../database/account.entity.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';
import type { DeactivateAccountCommand } from './deactivate-account.command.js';

@Injectable()
export class DeactivateAccountHandler {
  private readonly logger = new Logger('AccountAudit');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
  ) {}

  /** Deactivates the account and raises its token version; deactivating an inactive account changes nothing. */
  async execute(command: DeactivateAccountCommand): Promise<AccountEntity> {
    const { accountId, adminId } = command;
    // An admin locking themselves out could leave nobody to undo it.
    if (accountId === adminId) throw new DomainError('conflict', 'you cannot deactivate your own account; ask another admin');
    return this.unitOfWork.run(async (tx) => {
      const account = await this.accounts.lockById(tx, accountId);
      if (!account) throw new DomainError('not-found', `account ${accountId} does not exist`);
      if (!account.active) return account;
      const changed = await this.accounts.changeAccess(tx, account, { active: false });
      await this.accounts.recordChange(tx, { accountId, changedBy: adminId, action: 'deactivated', details: {} });
      this.logger.log(`account ${accountId} deactivated by ${adminId}`);
      return changed;
    });
  }
}
