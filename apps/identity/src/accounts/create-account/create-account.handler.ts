import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '#http';
import { AccountEntity } from '../account.entity.js';
import { PasswordHasher } from '../password.hasher.js';
import type { CreateAccountRequestDto } from './create-account.request.dto.js';

@Injectable()
export class CreateAccountHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Creates an account; with `replace`, an existing account of that email is updated instead (seeding). */
  async execute(request: CreateAccountRequestDto, { replace = false } = {}): Promise<AccountEntity> {
    const needsFacility = request.role === 'facility-staff' || request.role === 'system';
    const facilityIds = request.facilityIds ?? [];
    if (needsFacility && facilityIds.length === 0) {
      throw DomainError.invalid([{ field: 'facilityIds', reason: `a ${request.role} account acts for at least one facility` }]);
    }
    if (request.role !== 'system' && !request.password) {
      throw DomainError.invalid([{ field: 'password', reason: 'people sign in with a password; only system accounts may go without' }]);
    }
    const email = request.email.toLowerCase();
    const repository = this.dataSource.getRepository(AccountEntity);
    const existing = await repository.findOne({ where: { email } });
    if (existing && !replace) throw new DomainError('conflict', `an account for ${email} exists already`);
    const account = Object.assign(existing ?? new AccountEntity(), {
      email,
      displayName: request.displayName,
      role: request.role,
      facilityIds: needsFacility ? facilityIds : [],
      organization: request.organization,
      passwordHash: request.password ? await this.hasher.hash(request.password) : null,
      active: true,
    });
    try {
      return await repository.save(account);
    } catch (error) {
      // Two requests for the same new email at once: the unique index decides, the loser gets 409.
      if ((error as { code?: string }).code === '23505') throw new DomainError('conflict', `an account for ${email} exists already`);
      throw error;
    }
  }
}
