import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { ConsentResponseDto } from '../dtos/patient.response.dto.js';
import { RecordConsentCommand } from './record-consent.command.js';
import { RecordConsentHandler } from './record-consent.handler.js';
import { RecordConsentRequestDto } from './record-consent.request.dto.js';

@ApiTags('patient details and consent')
@ApiBearerAuth()
@Controller('referrals')
export class RecordConsentHttpController {
  constructor(private readonly handler: RecordConsentHandler) {}

  @Roles('planner', 'admin')
  @Post(':referralId/consents')
  @ApiOperation({ summary: 'Record the patient’s consent to disclose their details to one facility (42 CFR Part 2)' })
  @ApiCreatedResponse({ type: ConsentResponseDto })
  @ApiBadRequestResponse({
    description: 'No patient details yet, a recipient not among the matches, an expiry in the past or over a year ahead',
  })
  @ApiNotFoundResponse({ description: 'No such referral among your organisation’s' })
  async record(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: RecordConsentRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponseDto> {
    const command = new RecordConsentCommand(
      referralId,
      body.recipientFacilityId,
      body.purpose,
      body.disclosedFields,
      body.expiresAt,
      principal,
    );
    // Only the referring planners and admins record consents: they see the name.
    return ConsentResponseDto.from(await this.handler.execute(command), true);
  }
}
