import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { AccountResponseDto } from '../account.response.dto.js';
import { ReactivateAccountCommand } from './reactivate-account.command.js';
import { ReactivateAccountHandler } from './reactivate-account.handler.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class ReactivateAccountHttpController {
  constructor(private readonly handler: ReactivateAccountHandler) {}

  @Post(':accountId/reactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Reactivate a deactivated account', description: 'It signs in again; tokens from before stay revoked.' })
  @ApiOkResponse({ type: AccountResponseDto })
  @ApiNotFoundResponse({ description: 'No such account' })
  async reactivate(
    @Param('accountId', new ParseUUIDPipe()) accountId: string,
    @CurrentPrincipal() admin: Principal,
  ): Promise<AccountResponseDto> {
    return AccountResponseDto.from(await this.handler.execute(new ReactivateAccountCommand(accountId, admin.sub)));
  }
}
