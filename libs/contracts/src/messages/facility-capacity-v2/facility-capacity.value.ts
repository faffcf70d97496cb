import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { BED_TYPES, LEVELS_OF_CARE, type BedType, type LevelOfCare } from '#vocabulary';

/** One line of a facility's bed board: beds of one type in one program. */
export class BedCountValue {
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @IsIn(BED_TYPES)
  bedType!: BedType;

  /** Beds staffed and usable. */
  @IsInt()
  @Min(0)
  @Max(10_000)
  staffed!: number;

  @IsInt()
  @Min(0)
  @Max(10_000)
  available!: number;

  /** Beds expected to free up within 24 hours (in addition to those available now). */
  @IsInt()
  @Min(0)
  @Max(10_000)
  opening24h!: number;

  /** Beds expected to free up within 72 hours (including those within 24 hours). */
  @IsInt()
  @Min(0)
  @Max(10_000)
  opening72h!: number;

  @IsBoolean()
  waitlist!: boolean;

  /** Typical wait in days when there is a waitlist; null when unknown or no waitlist. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  typicalWaitDays!: number | null;

  /** When the facility last confirmed these figures; old figures are treated as unknown. */
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

  /** The inventory before this change, so history and consumers can see what moved. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BedCountValue)
  previousBeds!: BedCountValue[];
}
