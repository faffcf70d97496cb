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
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { assertCanManageFacility } from '../domain/facility-access.js';
import { FacilityInsuranceRequestDto } from '../dtos/facility-insurance.request.dto.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';
import { UpdateInsuranceCommand } from './update-insurance.command.js';
import { UpdateInsuranceHandler } from './update-insurance.handler.js';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class UpdateInsuranceHttpController {
  constructor(
    private readonly handler: UpdateInsuranceHandler,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Roles('admin', 'facility-staff')
  @ApiForbiddenResponse({ description: 'Not an admin, nor staff of this facility' })
  @Put(':facilityId/insurance')
  @ApiOperation({ summary: 'Replace accepted payers and named plans; announced on facility.insurance.v1' })
  @ApiOkResponse({ type: FacilityResponseDto })
  @ApiBadRequestResponse({ description: 'A field is invalid; `errors` names each field and reason' })
  @ApiNotFoundResponse({ description: 'No such facility' })
  async updateInsurance(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Body() body: FacilityInsuranceRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FacilityResponseDto> {
    assertCanManageFacility(principal, facilityId);
    await this.handler.execute(new UpdateInsuranceCommand(facilityId, body, principal.sub));
    return FacilityResponseDto.from((await this.facilities.findWithBeds(facilityId))!, this.clock.current());
  }
}
