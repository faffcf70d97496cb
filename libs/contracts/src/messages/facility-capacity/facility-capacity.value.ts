import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsString, Max, Min, ValidateNested } from 'class-validator';
import { LEVELS_OF_CARE, type LevelOfCare } from '../../vocabulary/care.vocabulary.js';

export class BedCountValue {
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @IsInt()
  @Min(0)
  @Max(10_000)
  staffed!: number;

  @IsInt()
  @Min(0)
  @Max(10_000)
  available!: number;

  @IsISO8601({ strict: true })
  confirmedAt!: string;
}

export class FacilityCapacityValue {
  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BedCountValue)
  beds!: BedCountValue[];

  /** The counts before this change, so history and consumers can see what moved. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BedCountValue)
  previousBeds!: BedCountValue[];
}
