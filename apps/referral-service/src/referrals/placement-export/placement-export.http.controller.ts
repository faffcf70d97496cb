import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { PlacementFilterRequestDto } from '../dtos/placement-filter.request.dto.js';
import { PLACEMENT_ANALYTICS_REPOSITORY, type PlacementAnalyticsRepository } from '../database/placement-analytics.repository.port.js';
import { PLACEMENT_CSV_COLUMNS, placementCsv } from './placement-csv.js';

@ApiTags('placement history')
@ApiBearerAuth()
@Controller('placements')
export class PlacementExportHttpController {
  constructor(@Inject(PLACEMENT_ANALYTICS_REPOSITORY) private readonly placements: PlacementAnalyticsRepository) {}

  @Roles('admin')
  @Get('export.csv')
  @ApiOperation({
    summary: 'Every referral the filters select as CSV, newest first, one row each',
    description:
      `Columns: ${PLACEMENT_CSV_COLUMNS.join(', ')}. ` +
      `Times are minutes from submission to the first acceptance and admission by any facility. No patient identity.`,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header line', schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'A filter is invalid' })
  export(@Query() filter: PlacementFilterRequestDto): StreamableFile {
    return new StreamableFile(placementCsv(this.placements.exportRows(filter)), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="placements.csv"',
    });
  }
}
