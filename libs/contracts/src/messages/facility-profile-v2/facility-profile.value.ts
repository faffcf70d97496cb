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
  MEDICATION_SERVICES,
  MEDICATIONS,
  OPERATORS,
  POPULATIONS,
  SUBSTANCES,
  SUPPORT_SERVICES,
  THERAPIES,
  type AgeGroup,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type MedicationService,
  type Operator,
  type Population,
  type Substance,
  type SupportService,
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

  // The lists below arrived after the topic's first events; an event without them has none on file,
  // which is why they are optional rather than a new topic version.

  /** Prescribing, withdrawal-only medication and stated refusals (NMOA, NMAUT). */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(MEDICATION_SERVICES, { each: true })
  medicationServices?: MedicationService[];

  /** Substances the facility states it does not treat (NAUT, NOOP). */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  substancesNotTreated?: Substance[];

  /** The facility serves only clients with one of these use disorders (OUDO, AUDO); empty when it takes any. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  servesOnlyClientsWith?: Substance[];

  /** Withdrawal the facility manages (ADTX, BDTX, ODTX, CDTX, MDTX); empty when not on file. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  withdrawalManaged?: Substance[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OPERATORS, { each: true })
  operators?: Operator[];

  /** Recovery supports and family services: sober living, aftercare, naloxone, children's beds, childcare, … */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUPPORT_SERVICES, { each: true })
  supportServices?: SupportService[];

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
