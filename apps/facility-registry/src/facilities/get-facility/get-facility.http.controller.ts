import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { Public } from '#auth';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityNotFoundError } from '../domain/facility-errors.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';

@ApiTags('facilities')
@Public()
@Controller('facilities')
export class GetFacilityHttpController {
  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Get(':facilityId')
  @ApiOperation({ summary: 'One facility with its services, payers, credentials and bed counts' })
  @ApiOkResponse({ type: FacilityResponseDto })
  @ApiNotFoundResponse({ description: 'No such facility' })
  async getFacility(@Param('facilityId', new ParseUUIDPipe()) facilityId: string): Promise<FacilityResponseDto> {
    const facility = await this.facilities.findWithBeds(facilityId);
    if (!facility) throw new FacilityNotFoundError(facilityId);
    return FacilityResponseDto.from(facility, this.clock.current());
  }
}
