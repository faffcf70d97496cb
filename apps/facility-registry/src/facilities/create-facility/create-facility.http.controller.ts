import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';
import { CreateFacilityCommand } from './create-facility.command.js';
import { CreateFacilityHandler } from './create-facility.handler.js';
import { CreateFacilityRequestDto } from './create-facility.request.dto.js';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class CreateFacilityHttpController {
  constructor(
    private readonly handler: CreateFacilityHandler,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Post()
  @Roles('admin')
  @ApiForbiddenResponse({ description: 'Only admins add facilities' })
  @ApiOperation({ summary: 'Add a facility that is not in the national directory' })
  @ApiCreatedResponse({ type: FacilityResponseDto })
  @ApiBadRequestResponse({ description: 'A field is invalid; `errors` names each field and reason' })
  async create(@Body() body: CreateFacilityRequestDto, @CurrentPrincipal() principal: Principal): Promise<FacilityResponseDto> {
    const facility = await this.handler.execute(new CreateFacilityCommand(body, principal.sub));
    return FacilityResponseDto.from((await this.facilities.findWithBeds(facility.id))!, this.clock.current());
  }
}
