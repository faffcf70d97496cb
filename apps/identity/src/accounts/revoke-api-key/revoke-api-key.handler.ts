import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '#http';
import { UnitOfWork } from '#persistence';
import type { ApiKeyEntity } from '../database/api-key.entity.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';
import type { RevokeApiKeyCommand } from './revoke-api-key.command.js';

@Injectable()
export class RevokeApiKeyHandler {
  private readonly logger = new Logger('AccountAudit');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
  ) {}

  /**
   * Revokes the key, so it signs nobody in, and raises the account's token version: tokens carry no key id,
   * so the tokens the key was exchanged for end too (with those of the account's other keys, which sign in afresh).
   * Revoking a revoked key changes nothing.
   */
  async execute(command: RevokeApiKeyCommand): Promise<ApiKeyEntity> {
    const { accountId, keyId, adminId } = command;
    return this.unitOfWork.run(async (tx) => {
      const account = await this.accounts.lockById(tx, accountId);
      if (!account) throw new DomainError('not-found', `account ${accountId} does not exist`);
      const key = await this.accounts.findApiKey(tx, accountId, keyId);
      if (!key) throw new DomainError('not-found', `account ${accountId} has no API key ${keyId}`);
      if (key.revokedAt) return key;
      const revoked = await this.accounts.revokeApiKey(tx, key, new Date());
      await this.accounts.changeAccess(tx, account, {});
      await this.accounts.recordChange(tx, {
        accountId,
        changedBy: adminId,
        action: 'api-key-revoked',
        details: { keyId, prefix: key.prefix },
      });
      this.logger.log(`API key ${keyId} of account ${accountId} revoked by ${adminId}`);
      return revoked;
    });
  }
}
