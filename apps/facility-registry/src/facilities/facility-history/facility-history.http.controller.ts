import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { PageRequestDto } from '#http';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { assertCanManageFacility } from '../domain/facility-access.js';
import { FACILITY_ASPECTS, type FacilityAspect } from '../domain/facility-aspects.js';
import { FacilityNotFoundError } from '../domain/facility-errors.js';

export class FacilityHistoryRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: FACILITY_ASPECTS })
  @IsOptional()
  @IsIn(FACILITY_ASPECTS)
  aspect?: FacilityAspect;
}

export class FacilityChangeResponseDto {
  @ApiProperty({ enum: FACILITY_ASPECTS }) aspect!: FacilityAspect;
  @ApiProperty({ description: 'Version of the aspect after the change (the event sequence)' }) sequence!: number;
  @ApiPropertyOptional({ nullable: true, description: 'Value before the change' }) previous!: unknown;
  @ApiProperty({ description: 'Value after the change' }) current!: unknown;
  @ApiProperty() changedBy!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export class FacilityHistoryResponseDto {
  @ApiProperty({ type: [FacilityChangeResponseDto] }) items!: FacilityChangeResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class FacilityHistoryHttpController {
  constructor(@Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository) {}

  @Get(':facilityId/history')
  @Roles('admin', 'facility-staff')
  @ApiOperation({ summary: 'Every change to the facility, newest first, with the value before and after' })
  @ApiOkResponse({ type: FacilityHistoryResponseDto })
  @ApiNotFoundResponse({ description: 'No such facility' })
  async history(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Query() query: FacilityHistoryRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FacilityHistoryResponseDto> {
    assertCanManageFacility(principal, facilityId);
    if (!(await this.facilities.findWithBeds(facilityId))) throw new FacilityNotFoundError(facilityId);
    const { items, total } = await this.facilities.history(facilityId, query.aspect, query.page, query.pageSize);
    return {
      items: items.map((change) => ({
        aspect: change.aspect,
        sequence: change.sequence,
        previous: change.previous,
        current: change.current,
        changedBy: change.changedBy,
        changedAt: new Date(change.changedAt).toISOString(),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
