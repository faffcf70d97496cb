import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageRequestDto } from '#web';
import { LEVELS_OF_CARE, type LevelOfCare } from '#contracts';
import { MATCH_STATUSES, type MatchStatus } from '../referral.entity.js';

export class PlacementHistoryRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Submitted at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO date or date-time' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Submitted before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO date or date-time' })
  to?: Date;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only referrals where this facility was among the matches' })
  @IsOptional()
  @IsUUID()
  facilityId?: string;

  @ApiPropertyOptional({ enum: LEVELS_OF_CARE })
  @IsOptional()
  @IsIn(LEVELS_OF_CARE)
  levelOfCare?: LevelOfCare;

  @ApiPropertyOptional({ enum: MATCH_STATUSES, description: 'Outcome so far' })
  @IsOptional()
  @IsIn(MATCH_STATUSES)
  outcome?: MatchStatus;
}
