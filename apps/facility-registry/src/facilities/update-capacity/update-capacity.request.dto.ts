import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { BED_TYPES, LEVELS_OF_CARE, type BedType, type LevelOfCare } from '#contracts';

export class BedUpdateDto {
  @ApiProperty({ enum: LEVELS_OF_CARE, example: 'detox-residential' })
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @ApiPropertyOptional({ enum: BED_TYPES, default: 'general', description: 'Who the beds are for' })
  @IsOptional()
  @IsIn(BED_TYPES)
  bedType: BedType = 'general';

  @ApiProperty({ minimum: 0, maximum: 10000, example: 12, description: 'Beds staffed and usable today' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  staffed!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 10000,
    example: 3,
    description: 'Beds free right now (at most staffed), including any held for referrals awaiting your answer',
  })
  @IsInt()
  @Min(0)
  @Max(10_000)
  available!: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Beds expected to free up within 24 h' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  opening24h: number = 0;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Beds expected to free up within 72 h (including the 24 h ones)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  opening72h: number = 0;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  waitlist: boolean = false;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 365, description: 'Typical wait in days, with a waitlist' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  typicalWaitDays: number | null = null;
}

export class UpdateCapacityRequestDto {
  @ApiProperty({ type: [BedUpdateDto], description: 'Lines not listed keep their current figures' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LEVELS_OF_CARE.length * BED_TYPES.length)
  @ValidateNested({ each: true })
  @Type(() => BedUpdateDto)
  beds!: BedUpdateDto[];
}
