import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';

export class FacilityMatchValue {
  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  @IsString()
  name!: string;

  @IsString()
  city!: string;

  @IsString()
  state!: string;

  @IsNumber()
  @Min(0)
  distanceMiles!: number;

  @IsInt()
  @Min(0)
  bedsAvailable!: number;

  @IsNumber()
  score!: number;

  @IsArray()
  @IsString({ each: true })
  reasons!: string[];
}

export class ReferralMatchedValue {
  @IsUUID()
  referralId!: string;

  @IsISO8601({ strict: true })
  matchedAt!: string;

  @IsInt()
  @Min(0)
  facilitiesConsidered!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FacilityMatchValue)
  matches!: FacilityMatchValue[];

  /** How many facilities each rule left out, e.g. { "no-bed": 12, "payer": 3 }. */
  @IsObject()
  excludedByRule!: Record<string, number>;
}
