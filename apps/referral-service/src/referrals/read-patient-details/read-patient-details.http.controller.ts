import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { ConsentResponseDto, PatientDisclosureResponseDto } from '../dtos/patient.response.dto.js';
import { ReadPatientDetailsHandler } from './read-patient-details.handler.js';
import { ReadPatientDetailsQuery } from './read-patient-details.query.js';

@ApiTags('patient details and consent')
@ApiBearerAuth()
@Controller('referrals')
export class ReadPatientDetailsHttpController {
  constructor(private readonly handler: ReadPatientDetailsHandler) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Get(':referralId/patient')
  @ApiOperation({
    summary: 'Read patient details: facilities see only what a valid consent discloses to them; every read is audited',
  })
  @ApiQuery({ name: 'facilityId', required: false, description: 'For staff of several facilities: which one is reading' })
  @ApiOkResponse({ type: PatientDisclosureResponseDto })
  @ApiForbiddenResponse({ description: 'No valid consent names your facility' })
  @ApiNotFoundResponse({ description: 'No such referral visible to you, or no patient details recorded' })
  async read(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Query('facilityId', new ParseUUIDPipe({ optional: true })) facilityId: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDisclosureResponseDto> {
    const disclosure = await this.handler.execute(new ReadPatientDetailsQuery(referralId, principal, facilityId ?? null));
    return {
      referralId,
      patient: disclosure.patient,
      disclosedFields: disclosure.fields,
      consent: disclosure.consent ? ConsentResponseDto.from(disclosure.consent) : null,
      audited: true,
    };
  }
}
