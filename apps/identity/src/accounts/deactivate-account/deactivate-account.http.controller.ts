import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { AccountResponseDto } from '../account.response.dto.js';
import { DeactivateAccountCommand } from './deactivate-account.command.js';
import { DeactivateAccountHandler } from './deactivate-account.handler.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class DeactivateAccountHttpController {
  constructor(private readonly handler: DeactivateAccountHandler) {}

  @Post(':accountId/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Deactivate an account',
    description: 'It can no longer sign in, and its access tokens stop working everywhere within ACCESS_STATUS_CACHE_MS (30 s).',
  })
  @ApiOkResponse({ type: AccountResponseDto })
  @ApiNotFoundResponse({ description: 'No such account' })
  @ApiConflictResponse({ description: 'Your own account' })
  async deactivate(
    @Param('accountId', new ParseUUIDPipe()) accountId: string,
    @CurrentPrincipal() admin: Principal,
  ): Promise<AccountResponseDto> {
    return AccountResponseDto.from(await this.handler.execute(new DeactivateAccountCommand(accountId, admin.sub)));
  }
}
