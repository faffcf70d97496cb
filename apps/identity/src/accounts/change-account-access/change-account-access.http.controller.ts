import { Body, Controller, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { AccountResponseDto } from '../account.response.dto.js';
import { ChangeAccountAccessCommand } from './change-account-access.command.js';
import { ChangeAccountAccessHandler } from './change-account-access.handler.js';
import { ChangeAccountAccessRequestDto } from './change-account-access.request.dto.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class ChangeAccountAccessHttpController {
  constructor(private readonly handler: ChangeAccountAccessHandler) {}

  @Patch(':accountId')
  @Roles('admin')
  @ApiOperation({
    summary: "Change an account's facilities or organisation",
    description: 'Its access tokens issued before stop working within ACCESS_STATUS_CACHE_MS (30 s); it signs in again.',
  })
  @ApiOkResponse({ type: AccountResponseDto })
  @ApiBadRequestResponse({ description: 'Nothing to change, or facilities the role does not allow' })
  @ApiNotFoundResponse({ description: 'No such account' })
  async change(
    @Param('accountId', new ParseUUIDPipe()) accountId: string,
    @Body() body: ChangeAccountAccessRequestDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<AccountResponseDto> {
    const command = new ChangeAccountAccessCommand(accountId, admin.sub, {
      facilityIds: body.facilityIds ?? undefined,
      organization: body.organization,
    });
    return AccountResponseDto.from(await this.handler.execute(command));
  }
}
