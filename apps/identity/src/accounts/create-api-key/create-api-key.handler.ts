import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#http';
import { UnitOfWork } from '#persistence';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';
import { PasswordHasher } from '../password.hasher.js';
import type { CreateApiKeyCommand } from './create-api-key.command.js';

/** The new key's id, and the key itself: shown this once, since only its hash is kept. */
export interface IssuedApiKey {
  readonly id: string;
  readonly apiKey: string;
}

@Injectable()
export class CreateApiKeyHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: CreateApiKeyCommand): Promise<IssuedApiKey> {
    const { accountId } = command;
    const account = await this.accounts.findById(accountId);
    if (!account) throw new DomainError('not-found', `account ${accountId} does not exist`);
    // A key never expires, so only active system accounts (acting for named facilities) get one.
    if (account.role !== 'system' || !account.active) {
      throw new DomainError(
        'conflict',
        `API keys are for active system accounts; ${account.email} is ${account.active ? account.role : 'inactive'}`,
      );
    }
    const { prefix, secret, key } = this.hasher.newApiKey();
    const secretHash = await this.hasher.hash(secret);
    const id = await this.unitOfWork.run((tx) => this.accounts.addApiKey(tx, { accountId, prefix, secretHash }));
    return { id, apiKey: key };
  }
}
