import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { BED_TYPES, LEVELS_OF_CARE, type BedType, type LevelOfCare } from '#vocabulary';

/** One bed line as a facility's own system reports it: the beds its staff see free, held ones included. */
export class ReportedBedLineValue {
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @IsOptional()
  @IsIn(BED_TYPES)
  bedType?: BedType;

  @IsInt()
  @Min(0)
  @Max(10_000)
  staffed!: number;

  @IsInt()
  @Min(0)
  @Max(10_000)
  available!: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  opening24h?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  opening72h?: number;

  @IsOptional()
  @IsBoolean()
  waitlist?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  typicalWaitDays?: number | null;
}

/**
 * Bed counts published straight to Kafka by a facility's own system (an EHR or bed-management tool),
 * applied by the registry exactly like a count reported over the API. Lines not listed keep their figures.
 */
export class FacilityCapacityReportValue {
  @IsUUID()
  facilityId!: string;

  /** When the counts were taken: a report older than the facility's last confirmed count is ignored. */
  @IsISO8601({ strict: true })
  reportedAt!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LEVELS_OF_CARE.length * BED_TYPES.length)
  @ValidateNested({ each: true })
  @Type(() => ReportedBedLineValue)
  beds!: ReportedBedLineValue[];
}
