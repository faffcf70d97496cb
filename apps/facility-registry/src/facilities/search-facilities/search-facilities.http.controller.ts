import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Public } from '#auth';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';
import { SearchFacilitiesRequestDto } from './search-facilities.request.dto.js';

export class FacilityPageResponseDto {
  @ApiProperty({ type: [FacilityResponseDto] }) items!: FacilityResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

@ApiTags('facilities')
@Public()
@Controller('facilities')
export class SearchFacilitiesHttpController {
  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Browse the facility directory by state, ZIP code, level of care or name' })
  @ApiOkResponse({ type: FacilityPageResponseDto })
  async search(@Query() query: SearchFacilitiesRequestDto): Promise<FacilityPageResponseDto> {
    const { items, total } = await this.facilities.search(query);
    const clock = this.clock.current();
    return { items: items.map((facility) => FacilityResponseDto.from(facility, clock)), total, page: query.page, pageSize: query.pageSize };
  }
}
