import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { ConsentResponseDto } from '../dtos/patient.response.dto.js';
import { RevokeConsentCommand } from './revoke-consent.command.js';
import { RevokeConsentHandler } from './revoke-consent.handler.js';

@ApiTags('patient details and consent')
@ApiBearerAuth()
@Controller('referrals')
export class RevokeConsentHttpController {
  constructor(private readonly handler: RevokeConsentHandler) {}

  @Roles('planner', 'admin')
  @Post(':referralId/consents/:consentId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a consent: the facility no longer sees what it covered' })
  @ApiOkResponse({ type: ConsentResponseDto })
  @ApiNotFoundResponse({ description: 'No such referral or consent among your organisation’s' })
  @ApiConflictResponse({ description: 'Already revoked' })
  async revoke(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Param('consentId', new ParseUUIDPipe()) consentId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponseDto> {
    const revoked = await this.handler.execute(new RevokeConsentCommand(referralId, consentId, principal));
    // Only the referring planners and admins revoke consents: they see the name.
    return ConsentResponseDto.from(revoked, true);
  }
}
