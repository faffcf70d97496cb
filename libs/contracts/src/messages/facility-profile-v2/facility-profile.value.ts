import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ASAM_EDITIONS, ASAM_LEVELS, type AsamEdition } from '#vocabulary';
import {
  AGE_GROUPS,
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATIONS,
  POPULATIONS,
  THERAPIES,
  type AgeGroup,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type Population,
  type Therapy,
} from '#vocabulary';

/** One program a facility runs: a level of care, optionally with its ASAM designation. */
export class ProgramValue {
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @IsOptional()
  @IsIn(ASAM_EDITIONS)
  asamEdition?: AsamEdition | null;

  @IsOptional()
  @IsIn(ASAM_LEVELS)
  asamLevel?: string | null;

  /** Typical length of stay in days (e.g. 30, 60, 90 for residential). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  lengthOfStayDays?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  hoursPerWeek?: number | null;
}

/** What a facility offers and whom it serves; payers and credentials travel on their own topics. */
export class FacilityProfileState {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsString()
  street!: string;

  @IsString()
  city!: string;

  @Matches(/^[A-Z]{2}$/)
  state!: string;

  @Matches(/^\d{5}$/)
  zip!: string;

  @IsString()
  phone!: string;

  @IsLatitude()
  latitude!: number;

  @IsLongitude()
  longitude!: number;

  /** False once the facility is closed or removed from the directory: matching skips it. */
  @IsBoolean()
  active!: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProgramValue)
  programs!: ProgramValue[];

  @IsArray()
  @ArrayUnique()
  @IsIn(MEDICATIONS, { each: true })
  medications!: Medication[];

  /** Whether the facility continues a medication for opioid use disorder prescribed elsewhere; null if unknown. */
  @IsOptional()
  @IsBoolean()
  continuesExternalMedication!: boolean | null;

  @IsArray()
  @ArrayUnique()
  @IsIn(THERAPIES, { each: true })
  therapies!: Therapy[];

  @IsArray()
  @ArrayUnique()
  @IsIn(POPULATIONS, { each: true })
  populations!: Population[];

  @IsArray()
  @ArrayUnique()
  @IsIn(GENDERS, { each: true })
  gendersAccepted!: Gender[];

  @IsArray()
  @ArrayUnique()
  @IsIn(AGE_GROUPS, { each: true })
  ageGroupsAccepted!: AgeGroup[];

  @IsArray()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true })
  languages!: Language[];

  @IsISO8601({ strict: true })
  updatedAt!: string;
}

export class FacilityProfileValue extends FacilityProfileState {
  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  /** The profile before this change; null for a new facility. */
  @IsOptional()
  @ValidateNested()
  @Type(() => FacilityProfileState)
  previous!: FacilityProfileState | null;
}
