import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AnswersAccessStatus, CurrentCredential, type AccessCredential } from '#auth';
import { AccountAccessStatus } from './account-access.status.js';

export class AccessStatusResponseDto {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ description: 'False once an admin deactivated the account' }) active!: boolean;
  @ApiProperty({ description: 'Tokens whose `ver` claim is lower than this were revoked' }) tokenVersion!: number;
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AccessStatusHttpController {
  constructor(private readonly accountStatus: AccountAccessStatus) {}

  /**
   * Internal: how the other services learn whether a token they verified is still current. Authenticated by
   * the caller's own token (forwarded by the service), so it tells anyone only about their own account.
   */
  @Get('access-status')
  @AnswersAccessStatus()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The access token's account: whether it is active and its current token version",
    description: 'Used by every service to refuse revoked tokens (cached for ACCESS_STATUS_CACHE_MS); answers even for a revoked token.',
  })
  @ApiOkResponse({ type: AccessStatusResponseDto })
  async status(@CurrentCredential() credential: AccessCredential): Promise<AccessStatusResponseDto> {
    const { active, tokenVersion } = await this.accountStatus.statusOf(credential);
    return { accountId: credential.accountId, active, tokenVersion };
  }
}
