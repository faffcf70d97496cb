import { Controller, Delete, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';
import { RevokeApiKeyHandler } from './revoke-api-key.handler.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class RevokeApiKeyHttpController {
  constructor(private readonly handler: RevokeApiKeyHandler) {}

  @Delete(':accountId/api-keys/:keyId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: 'Revoke an API key',
    description: "It signs nobody in any more, and the account's access tokens stop working within ACCESS_STATUS_CACHE_MS (30 s).",
  })
  @ApiNoContentResponse({ description: 'Revoked (or it was already)' })
  @ApiNotFoundResponse({ description: 'No such account, or no such key of it' })
  async revoke(
    @Param('accountId', new ParseUUIDPipe()) accountId: string,
    @Param('keyId', new ParseUUIDPipe()) keyId: string,
    @CurrentPrincipal() admin: Principal,
  ): Promise<void> {
    await this.handler.execute(new RevokeApiKeyCommand(accountId, keyId, admin.sub));
  }
}
