import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { LEVELS_OF_CARE, type LevelOfCare } from '#contracts';

export class SearchFacilitiesRequestDto {
  @ApiPropertyOptional({ example: 'KY', description: 'Two-letter state or territory code' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter upper-case code such as KY' })
  state?: string;

  @ApiPropertyOptional({ example: '40202' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'zip must be five digits' })
  zip?: string;

  @ApiPropertyOptional({ enum: LEVELS_OF_CARE })
  @IsOptional()
  @IsIn(LEVELS_OF_CARE)
  levelOfCare?: LevelOfCare;

  @ApiPropertyOptional({ description: 'Part of the facility name' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  name?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 50;
}
