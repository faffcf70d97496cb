import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { consentShowsName, DEFAULT_CONSENT_PURPOSE } from '../domain/consent-rules.js';
import { ConsentResponseDto, PatientDisclosureResponseDto } from '../dtos/patient.response.dto.js';
import { ReadPatientDetailsHandler } from './read-patient-details.handler.js';
import { ReadPatientDetailsQuery } from './read-patient-details.query.js';
import { ReadPatientDetailsRequestDto } from './read-patient-details.request.dto.js';

@ApiTags('patient details and consent')
@ApiBearerAuth()
@Controller('referrals')
export class ReadPatientDetailsHttpController {
  constructor(private readonly handler: ReadPatientDetailsHandler) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Get(':referralId/patient')
  @ApiOperation({
    summary:
      'Read patient details: facilities see only what a valid consent for the stated purpose discloses, as of the version it ' +
      'was given for, with the 42 CFR 2.32 notice; every read is audited',
  })
  @ApiOkResponse({ type: PatientDisclosureResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown purpose or a facilityId that is not a UUID; `errors` names the field' })
  @ApiForbiddenResponse({
    description:
      'No valid consent for this purpose names your facility, or your facility’s referral was declined, cancelled or failed, ' +
      'or it admitted the patient too long ago',
  })
  @ApiNotFoundResponse({ description: 'No such referral visible to you, or no patient details recorded' })
  async read(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Query() query: ReadPatientDetailsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDisclosureResponseDto> {
    const read = new ReadPatientDetailsQuery(referralId, principal, query.facilityId ?? null, query.purpose ?? DEFAULT_CONSENT_PURPOSE);
    const disclosure = await this.handler.execute(read);
    return {
      referralId,
      patient: disclosure.patient,
      disclosedFields: disclosure.fields,
      consent: disclosure.consent ? ConsentResponseDto.from(disclosure.consent, consentShowsName(disclosure.consent, read.now)) : null,
      patientDetailsVersion: disclosure.version,
      ...(disclosure.redisclosureNotice ? { redisclosureNotice: disclosure.redisclosureNotice } : {}),
      audited: true,
    };
  }
}
