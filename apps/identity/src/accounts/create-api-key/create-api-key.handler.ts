import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '#http';
import { UnitOfWork } from '#persistence';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';
import { apiKeyExpiryProblems } from '../domain/account-access.js';
import { PasswordHasher } from '../password.hasher.js';
import type { CreateApiKeyCommand } from './create-api-key.command.js';

/** The new key's id, and the key itself: shown this once, since only its hash is kept. */
export interface IssuedApiKey {
  readonly id: string;
  readonly apiKey: string;
}

@Injectable()
export class CreateApiKeyHandler {
  private readonly logger = new Logger('AccountAudit');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: CreateApiKeyCommand): Promise<IssuedApiKey> {
    const { accountId, expiresAt, adminId } = command;
    const problems = apiKeyExpiryProblems(expiresAt, new Date());
    if (problems.length > 0) throw DomainError.invalid(problems);
    const account = await this.accounts.findById(accountId);
    if (!account) throw new DomainError('not-found', `account ${accountId} does not exist`);
    // A key may last until revoked, so only active system accounts (acting for named facilities) get one.
    if (account.role !== 'system' || !account.active) {
      throw new DomainError(
        'conflict',
        `API keys are for active system accounts; ${account.email} is ${account.active ? account.role : 'inactive'}`,
      );
    }
    const { prefix, secret, key } = this.hasher.newApiKey();
    const secretHash = await this.hasher.hash(secret);
    const id = await this.unitOfWork.run(async (tx) => {
      const keyId = await this.accounts.addApiKey(tx, { accountId, prefix, secretHash, expiresAt });
      if (adminId) {
        const details = { keyId, prefix, expiresAt: expiresAt?.toISOString() ?? null };
        await this.accounts.recordChange(tx, { accountId, changedBy: adminId, action: 'api-key-issued', details });
      }
      return keyId;
    });
    this.logger.log(`API key ${id} issued for account ${accountId}${adminId ? ` by ${adminId}` : ''}`);
    return { id, apiKey: key };
  }
}
