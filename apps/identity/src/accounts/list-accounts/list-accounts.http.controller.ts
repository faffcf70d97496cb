import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { AccountResponseDto } from '../account.response.dto.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../database/account.repository.port.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class ListAccountsHttpController {
  constructor(@Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'All accounts' })
  @ApiOkResponse({ type: [AccountResponseDto] })
  async list(): Promise<AccountResponseDto[]> {
    const accounts = await this.accounts.listByEmail();
    return accounts.map(AccountResponseDto.from);
  }
}
