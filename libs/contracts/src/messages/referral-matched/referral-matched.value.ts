import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
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
import { LEVELS_OF_CARE, type LevelOfCare } from '#vocabulary';

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

  /** The level the bed is in: the requested one, or a more intensive one the planner allowed. */
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @IsNumber()
  @Min(0)
  distanceMiles!: number;

  @IsInt()
  @Min(0)
  bedsAvailable!: number;

  // Optional: matchers before it did not send it, and adding a field must not break the topic.
  @IsOptional()
  @IsISO8601()
  bedsConfirmedAt?: string;

  @IsNumber()
  score!: number;

  @IsArray()
  @IsString({ each: true })
  reasons!: string[];
}

/** A nearby facility the rules left out, and why. */
export class ExclusionValue {
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

  @IsString()
  @IsNotEmpty()
  rule!: string;

  @IsString()
  detail!: string;
}

/** Something that would widen the search: a radius, a level of care, or beds opening soon. */
export class SuggestionValue {
  @IsIn(['distance', 'level-of-care', 'waitlist'])
  kind!: 'distance' | 'level-of-care' | 'waitlist';

  @IsString()
  text!: string;

  @IsOptional() @IsNumber() maxDistanceMiles?: number;
  @IsOptional() @IsInt() matches?: number;
  @IsOptional() @IsIn(LEVELS_OF_CARE) levelOfCare?: LevelOfCare;
  @IsOptional() @IsString() facilityId?: string;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsNumber() distanceMiles?: number;
  @IsOptional() @IsInt() opening24h?: number;
  @IsOptional() @IsInt() opening72h?: number;
  @IsOptional() @IsBoolean() waitlist?: boolean;
  @IsOptional() @IsInt() typicalWaitDays?: number | null;
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

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ExclusionValue)
  nearbyExclusions?: ExclusionValue[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SuggestionValue)
  suggestions?: SuggestionValue[];
}
