import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#http';
import { UnitOfWork } from '#persistence';
import type { AccountEntity } from '../database/account.entity.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';
import { PasswordHasher } from '../password.hasher.js';
import type { CreateAccountCommand } from './create-account.command.js';

@Injectable()
export class CreateAccountHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Creates an account; with `replace`, an existing account of that email is updated instead (seeding). */
  async execute(command: CreateAccountCommand): Promise<AccountEntity> {
    const needsFacility = command.role === 'facility-staff' || command.role === 'system';
    const facilityIds = [...command.facilityIds];
    if (needsFacility && facilityIds.length === 0) {
      throw DomainError.invalid([{ field: 'facilityIds', reason: `a ${command.role} account acts for at least one facility` }]);
    }
    if (command.role !== 'system' && !command.password) {
      throw DomainError.invalid([{ field: 'password', reason: 'people sign in with a password; only system accounts may go without' }]);
    }
    const email = command.email.toLowerCase();
    // Hashed before the transaction opens: argon2 takes a while, and a connection should not wait on it.
    const passwordHash = command.password ? await this.hasher.hash(command.password) : null;
    try {
      return await this.unitOfWork.run(async (tx) => {
        const existing = await this.accounts.findByEmail(tx, email);
        if (existing && !command.replace) throw new DomainError('conflict', `an account for ${email} exists already`);
        return this.accounts.save(
          tx,
          {
            email,
            displayName: command.displayName,
            role: command.role,
            facilityIds: needsFacility ? facilityIds : [],
            organization: command.organization,
            passwordHash,
            active: true,
          },
          existing,
        );
      });
    } catch (error) {
      // Two requests for the same new email at once: the unique index decides, the loser gets 409.
      if ((error as { code?: string }).code === '23505') throw new DomainError('conflict', `an account for ${email} exists already`);
      throw error;
    }
  }
}
