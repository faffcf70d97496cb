import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AGE_GROUPS,
  ASAM_EDITIONS,
  ASAM_LEVELS,
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
  type AsamEdition,
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
} from '#contracts';

export class ProgramDto {
  @ApiProperty({ enum: LEVELS_OF_CARE, example: 'detox-residential' })
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @ApiPropertyOptional({ enum: ASAM_EDITIONS, nullable: true, example: 3 })
  @IsOptional()
  @IsIn(ASAM_EDITIONS)
  asamEdition?: AsamEdition | null;

  @ApiPropertyOptional({ type: String, enum: ASAM_LEVELS, nullable: true, example: '3.7-WM' })
  @IsOptional()
  @IsIn(ASAM_LEVELS)
  asamLevel?: string | null;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 730, nullable: true, example: 30, description: 'Typical length of stay, days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  lengthOfStayDays?: number | null;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 168, nullable: true, example: 12, description: 'Hours of care a week' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  hoursPerWeek?: number | null;
}

/** Everything a facility says about what it offers and whom it serves. */
export class FacilityProfileRequestDto {
  @ApiProperty({ example: 'Harbor House Recovery Center' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ example: '750 Highway 31 South' })
  @IsString()
  @Length(0, 300)
  street!: string;

  @ApiProperty({ example: 'Louisville' })
  @IsString()
  @Length(1, 100)
  city!: string;

  @ApiProperty({ example: 'KY' })
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter upper-case code such as KY' })
  state!: string;

  @ApiProperty({ example: '40202', description: 'Five-digit ZIP code; the facility is placed at its centre' })
  @Matches(/^\d{5}$/, { message: 'zip must be a five-digit ZIP code' })
  zip!: string;

  @ApiProperty({ example: '502-555-0100' })
  @IsString()
  @Length(0, 40)
  phone!: string;

  @ApiProperty({ description: 'False takes the facility out of matching' })
  @IsBoolean()
  active!: boolean;

  @ApiProperty({ type: [ProgramDto] })
  @IsArray()
  @ArrayMaxSize(LEVELS_OF_CARE.length)
  @ValidateNested({ each: true })
  @Type(() => ProgramDto)
  programs!: ProgramDto[];

  @ApiProperty({ enum: MEDICATIONS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(MEDICATIONS, { each: true })
  medications!: Medication[];

  @ApiPropertyOptional({ nullable: true, description: 'Continues a medication for opioid use disorder prescribed elsewhere' })
  @IsOptional()
  @IsBoolean()
  continuesExternalMedication: boolean | null = null;

  // The lists below came later: a client that leaves one out states none (the profile is replaced whole).

  @ApiPropertyOptional({
    enum: MEDICATION_SERVICES,
    isArray: true,
    default: [],
    description: 'Whom the facility prescribes for, medication it uses for withdrawal only, and what it does not use',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(MEDICATION_SERVICES, { each: true })
  medicationServices: MedicationService[] = [];

  @ApiPropertyOptional({
    enum: SUBSTANCES,
    isArray: true,
    default: [],
    description: 'Substances whose use disorder the facility does not treat',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  substancesNotTreated: Substance[] = [];

  @ApiPropertyOptional({
    enum: SUBSTANCES,
    isArray: true,
    default: [],
    description: 'The facility serves only clients with one of these use disorders; empty when it takes any',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  servesOnlyClientsWith: Substance[] = [];

  @ApiPropertyOptional({
    enum: SUBSTANCES,
    isArray: true,
    default: [],
    example: ['alcohol', 'sedatives', 'opioids', 'stimulants'],
    description: 'Withdrawal the facility manages; empty when not on file (a detox referral is then asked to confirm it)',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  withdrawalManaged: Substance[] = [];

  @ApiPropertyOptional({ enum: OPERATORS, isArray: true, default: [], description: 'Who runs the facility' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OPERATORS, { each: true })
  operators: Operator[] = [];

  @ApiPropertyOptional({
    enum: SUPPORT_SERVICES,
    isArray: true,
    default: [],
    description: "Recovery supports and family services: sober living, aftercare, naloxone, children's beds, childcare, …",
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUPPORT_SERVICES, { each: true })
  supportServices: SupportService[] = [];

  @ApiProperty({ enum: THERAPIES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(THERAPIES, { each: true })
  therapies!: Therapy[];

  @ApiProperty({ enum: POPULATIONS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(POPULATIONS, { each: true })
  populations!: Population[];

  @ApiProperty({ enum: GENDERS, isArray: true, description: 'Empty means all genders' })
  @IsArray()
  @ArrayUnique()
  @IsIn(GENDERS, { each: true })
  gendersAccepted!: Gender[];

  @ApiProperty({ enum: AGE_GROUPS, isArray: true, description: 'Empty means all ages' })
  @IsArray()
  @ArrayUnique()
  @IsIn(AGE_GROUPS, { each: true })
  ageGroupsAccepted!: AgeGroup[];

  @ApiProperty({ enum: LANGUAGES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true })
  languages!: Language[];
}
