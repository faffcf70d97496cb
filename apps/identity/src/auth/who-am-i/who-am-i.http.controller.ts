import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, type Principal } from '#auth';
import { DomainError } from '#http';
import { AccountEntity } from '../../accounts/account.entity.js';
import { AccountResponseDto } from '../../accounts/account.response.dto.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class WhoAmIHttpController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('me')
  @ApiOperation({ summary: 'The account the access token belongs to' })
  @ApiOkResponse({ type: AccountResponseDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<AccountResponseDto> {
    const account = await this.dataSource.getRepository(AccountEntity).findOne({ where: { id: principal.sub } });
    if (!account) throw new DomainError('not-found', 'the account behind this token no longer exists');
    return AccountResponseDto.from(account);
  }
}
