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
import { FacilityProfileRequestDto } from '../dtos/facility-profile.request.dto.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';
import { UpdateProfileCommand } from './update-profile.command.js';
import { UpdateProfileHandler } from './update-profile.handler.js';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class UpdateProfileHttpController {
  constructor(
    private readonly handler: UpdateProfileHandler,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Roles('admin', 'facility-staff')
  @ApiForbiddenResponse({ description: 'Not an admin, nor staff of this facility' })
  @Put(':facilityId/profile')
  @ApiOperation({ summary: 'Replace what the facility offers and whom it serves; announced on facility.profile.v2' })
  @ApiOkResponse({ type: FacilityResponseDto })
  @ApiBadRequestResponse({ description: 'A field is invalid; `errors` names each field and reason' })
  @ApiNotFoundResponse({ description: 'No such facility' })
  async updateProfile(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Body() body: FacilityProfileRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FacilityResponseDto> {
    assertCanManageFacility(principal, facilityId);
    await this.handler.execute(new UpdateProfileCommand(facilityId, body, principal.sub));
    return FacilityResponseDto.from((await this.facilities.findWithBeds(facilityId))!, this.clock.current());
  }
}
