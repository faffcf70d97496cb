import { Body, Controller, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { FacilityAccreditationsRequestDto } from '../dtos/facility-accreditations.request.dto.js';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { assertCanManageFacility } from '../domain/facility-access.js';
import { FacilityClock } from '../facility-clock.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { UpdateAccreditationsCommand } from './update-accreditations.command.js';
import { UpdateAccreditationsHandler } from './update-accreditations.handler.js';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class UpdateAccreditationsHttpController {
  constructor(
    private readonly handler: UpdateAccreditationsHandler,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Roles('admin', 'facility-staff')
  @ApiForbiddenResponse({ description: 'Not an admin, nor staff of this facility' })
  @Put(':facilityId/accreditations')
  @ApiOperation({ summary: 'Replace licences and accreditations (status, expiry); announced on facility.accreditation.v1' })
  @ApiOkResponse({ type: FacilityResponseDto })
  @ApiBadRequestResponse({ description: 'A field is invalid; `errors` names each field and reason' })
  @ApiNotFoundResponse({ description: 'No such facility' })
  async updateAccreditations(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Body() body: FacilityAccreditationsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FacilityResponseDto> {
    assertCanManageFacility(principal, facilityId);
    await this.handler.execute(new UpdateAccreditationsCommand(facilityId, body.credentials, principal.sub));
    return FacilityResponseDto.from((await this.facilities.findWithBeds(facilityId))!, this.clock.current());
  }
}
