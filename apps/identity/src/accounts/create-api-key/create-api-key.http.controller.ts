import { Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '#auth';
import { DomainError } from '#http';
import { AccountEntity } from '../account.entity.js';
import { ApiKeyEntity } from '../api-key.entity.js';
import { PasswordHasher } from '../password.hasher.js';

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Shown once: store it now; only its hash is kept' }) apiKey!: string;
}

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class CreateApiKeyHttpController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  @Post(':accountId/api-keys')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue an API key for a system account (e.g. a bed-management system)' })
  @ApiCreatedResponse({ type: ApiKeyResponseDto })
  async create(@Param('accountId', new ParseUUIDPipe()) accountId: string): Promise<ApiKeyResponseDto> {
    const account = await this.dataSource.getRepository(AccountEntity).findOne({ where: { id: accountId } });
    if (!account) throw new DomainError('not-found', `account ${accountId} does not exist`);
    // A key never expires, so only active system accounts (acting for named facilities) get one.
    if (account.role !== 'system' || !account.active) {
      throw new DomainError('conflict', `API keys are for active system accounts; ${account.email} is ${account.active ? account.role : 'inactive'}`);
    }
    const { prefix, secret, key } = this.hasher.newApiKey();
    const saved = await this.dataSource
      .getRepository(ApiKeyEntity)
      .save({ accountId, prefix, secretHash: await this.hasher.hash(secret), revokedAt: null });
    return { id: saved.id, apiKey: key };
  }
}
