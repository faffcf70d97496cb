import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { PLACEMENT_ANALYTICS_REPOSITORY, type PlacementAnalyticsRepository } from '../database/placement-analytics.repository.port.js';
import { ReferralResponseDto } from '../dtos/referral.response.dto.js';
import { PlacementHistoryRequestDto } from './placement-history.request.dto.js';

export class PlacementHistoryResponseDto {
  @ApiProperty({ type: [ReferralResponseDto] }) items!: ReferralResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

@ApiTags('placement history')
@ApiBearerAuth()
@Controller('placements')
export class PlacementHistoryHttpController {
  constructor(@Inject(PLACEMENT_ANALYTICS_REPOSITORY) private readonly placements: PlacementAnalyticsRepository) {}

  @Roles('admin')
  @Get()
  @ApiOperation({
    summary: 'Referrals with their matches, tasks and outcome, newest first',
    description:
      'Filtered by submission date, facility (matched with or sent to), level of care, payer, patient state, outcome and decline reason.',
  })
  @ApiOkResponse({ type: PlacementHistoryResponseDto })
  @ApiBadRequestResponse({ description: 'A filter is invalid' })
  async history(@Query() query: PlacementHistoryRequestDto): Promise<PlacementHistoryResponseDto> {
    const { page, pageSize, ...filter } = query;
    const { items, total } = await this.placements.history(filter, page, pageSize);
    return { items: items.map((item) => ReferralResponseDto.from(item)), total, page, pageSize };
  }
}
