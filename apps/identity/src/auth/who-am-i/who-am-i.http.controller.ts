import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '#auth';
import { DomainError } from '#http';
import { AccountResponseDto } from '../../accounts/account.response.dto.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from '../../accounts/database/account.repository.port.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class WhoAmIHttpController {
  constructor(@Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository) {}

  @Get('me')
  @ApiOperation({ summary: 'The account the access token belongs to' })
  @ApiOkResponse({ type: AccountResponseDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<AccountResponseDto> {
    const account = await this.accounts.findById(principal.sub);
    if (!account) throw new DomainError('not-found', 'the account behind this token no longer exists');
    return AccountResponseDto.from(account);
  }
}
