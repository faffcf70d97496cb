import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageRequestDto } from '#http';
import { LEVELS_OF_CARE, type LevelOfCare } from '#contracts';

export class SearchFacilitiesRequestDto extends PageRequestDto {
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
}
