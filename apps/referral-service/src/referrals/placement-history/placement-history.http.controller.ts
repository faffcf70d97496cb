import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { badRequest } from '#web';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';
import { ReferralResponseDto } from '../referral.response.dto.js';
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
  constructor(@Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository) {}

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: 'Referrals with their matches and outcome, newest first, filtered by date and facility' })
  @ApiOkResponse({ type: PlacementHistoryResponseDto })
  @ApiBadRequestResponse({ description: 'A filter is invalid' })
  async history(@Query() query: PlacementHistoryRequestDto): Promise<PlacementHistoryResponseDto> {
    if (query.from && query.to && query.from >= query.to) {
      throw badRequest([{ field: 'to', reason: 'to must be later than from' }]) as BadRequestException;
    }
    const { items, total } = await this.referrals.history({ ...query, matchStatus: query.outcome });
    return { items: items.map((item) => ReferralResponseDto.from(item)), total, page: query.page, pageSize: query.pageSize };
  }
}
