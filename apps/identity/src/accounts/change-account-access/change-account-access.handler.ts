import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '#http';
import { UnitOfWork } from '#persistence';
import type { AccountEntity } from '../database/account.entity.js';
import { ACCOUNT_REPOSITORY, type AccessFields, type AccountRepository } from '../database/account.repository.port.js';
import { facilityProblems } from '../domain/account-access.js';
import type { ChangeAccountAccessCommand } from './change-account-access.command.js';

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id) => b.includes(id));

@Injectable()
export class ChangeAccountAccessHandler {
  private readonly logger = new Logger('AccountAudit');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
  ) {}

  /**
   * Changes the account's facilities and/or organisation and raises its token version, so tokens carrying
   * the old ones stop working; a request that changes nothing leaves the account (and its tokens) alone.
   */
  async execute(command: ChangeAccountAccessCommand): Promise<AccountEntity> {
    const { accountId, adminId, changes } = command;
    if (changes.facilityIds === undefined && changes.organization === undefined) {
      throw DomainError.invalid([{ field: 'facilityIds', reason: 'send facilityIds or organization (or both) to change' }]);
    }
    return this.unitOfWork.run(async (tx) => {
      const account = await this.accounts.lockById(tx, accountId);
      if (!account) throw new DomainError('not-found', `account ${accountId} does not exist`);
      const fields: AccessFields = {};
      const details: Record<string, unknown> = {};
      if (changes.facilityIds !== undefined) {
        const problems = facilityProblems(account.role, changes.facilityIds);
        if (problems.length > 0) throw DomainError.invalid(problems);
        if (!sameSet(account.facilityIds, changes.facilityIds)) {
          fields.facilityIds = [...changes.facilityIds];
          details.facilityIds = { from: account.facilityIds, to: fields.facilityIds };
        }
      }
      if (changes.organization !== undefined && changes.organization !== account.organization) {
        fields.organization = changes.organization;
        details.organization = { from: account.organization, to: changes.organization };
      }
      if (Object.keys(fields).length === 0) return account;
      const changed = await this.accounts.changeAccess(tx, account, fields);
      await this.accounts.recordChange(tx, { accountId, changedBy: adminId, action: 'access-changed', details });
      this.logger.log(`account ${accountId} changed by ${adminId}: ${Object.keys(fields).join(', ')}`);
      return changed;
    });
  }
}
