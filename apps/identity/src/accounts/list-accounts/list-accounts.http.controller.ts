import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '#auth';
import { AccountEntity } from '../account.entity.js';
import { AccountResponseDto } from '../account.response.dto.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class ListAccountsHttpController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'All accounts' })
  @ApiOkResponse({ type: [AccountResponseDto] })
  async list(): Promise<AccountResponseDto[]> {
    const accounts = await this.dataSource.getRepository(AccountEntity).find({ order: { email: 'ASC' } });
    return accounts.map(AccountResponseDto.from);
  }
}
