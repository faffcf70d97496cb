import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { PlacementFilterRequestDto } from '../dtos/placement-filter.request.dto.js';
import {
  PLACEMENT_ANALYTICS_REPOSITORY,
  type PlacementAnalyticsRepository,
  type PlacementFigures,
} from '../database/placement-analytics.repository.port.js';
import { PlacementFiguresResponseDto } from './placement-figures.response.dto.js';

@ApiTags('placement history')
@ApiBearerAuth()
@Controller('placements')
export class PlacementFiguresHttpController {
  constructor(@Inject(PLACEMENT_ANALYTICS_REPOSITORY) private readonly placements: PlacementAnalyticsRepository) {}

  @Roles('admin')
  @Get('figures')
  @ApiOperation({
    summary: 'Placement figures over the referrals the filters select',
    description:
      'Outcomes; minutes from submission to acceptance and to admission (median, 90th percentile); what each facility did ' +
      'with the referrals sent to it; declines by reason; referrals that found no bed by level of care and by state.',
  })
  @ApiOkResponse({ type: PlacementFiguresResponseDto })
  @ApiBadRequestResponse({ description: 'A filter is invalid' })
  figures(@Query() filter: PlacementFilterRequestDto): Promise<PlacementFigures> {
    return this.placements.figures(filter);
  }
}
