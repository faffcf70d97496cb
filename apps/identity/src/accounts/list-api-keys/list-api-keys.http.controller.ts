import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { DomainError } from '#http';
import { ApiKeySummaryResponseDto } from '../api-key-summary.response.dto.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class ListApiKeysHttpController {
  constructor(@Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository) {}

  @Get(':accountId/api-keys')
  @Roles('admin')
  @ApiOperation({ summary: "An account's API keys, oldest first (never their secrets)" })
  @ApiOkResponse({ type: [ApiKeySummaryResponseDto] })
  @ApiNotFoundResponse({ description: 'No such account' })
  async list(@Param('accountId', new ParseUUIDPipe()) accountId: string): Promise<ApiKeySummaryResponseDto[]> {
    if (!(await this.accounts.findById(accountId))) throw new DomainError('not-found', `account ${accountId} does not exist`);
    const now = new Date();
    return (await this.accounts.listApiKeys(accountId)).map((key) => ApiKeySummaryResponseDto.from(key, now));
  }
}
