import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { LEVELS_OF_CARE, type LevelOfCare } from '#contracts';

export class BedUpdateDto {
  @ApiProperty({ enum: LEVELS_OF_CARE, example: 'detox-residential' })
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @ApiProperty({ minimum: 0, maximum: 10000, example: 12, description: 'Beds staffed and usable today' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  staffed!: number;

  @ApiProperty({ minimum: 0, maximum: 10000, example: 3, description: 'Beds free right now (at most staffed)' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  available!: number;
}

export class UpdateCapacityRequestDto {
  @ApiProperty({ type: [BedUpdateDto], description: 'Levels not listed keep their current counts' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LEVELS_OF_CARE.length)
  @ValidateNested({ each: true })
  @Type(() => BedUpdateDto)
  beds!: BedUpdateDto[];
}
