import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { disclose, DISCLOSABLE_FIELDS } from '../domain/consent-rules.js';
import { PatientDisclosureResponseDto } from '../dtos/patient.response.dto.js';
import { RecordPatientDetailsCommand } from './record-patient-details.command.js';
import { RecordPatientDetailsHandler } from './record-patient-details.handler.js';
import { RecordPatientDetailsRequestDto } from './record-patient-details.request.dto.js';

@ApiTags('patient details and consent')
@ApiBearerAuth()
@Controller('referrals')
export class RecordPatientDetailsHttpController {
  constructor(private readonly handler: RecordPatientDetailsHandler) {}

  @Roles('planner', 'admin')
  @Put(':referralId/patient')
  @ApiOperation({
    summary:
      'Record who the patient is, as a new version that earlier consents do not disclose (kept apart from the referral; ' +
      'never on Kafka; disclosed only under a consent)',
  })
  @ApiOkResponse({ type: PatientDisclosureResponseDto })
  @ApiBadRequestResponse({ description: 'A field is invalid; `errors` names each field and reason' })
  @ApiNotFoundResponse({ description: 'No such referral among your organisation’s' })
  async record(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: RecordPatientDetailsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDisclosureResponseDto> {
    const patient = await this.handler.execute(new RecordPatientDetailsCommand(referralId, body, principal));
    return {
      referralId,
      patient: disclose(patient, DISCLOSABLE_FIELDS),
      disclosedFields: [...DISCLOSABLE_FIELDS],
      consent: null,
      patientDetailsVersion: patient.version,
      audited: true,
    };
  }
}
