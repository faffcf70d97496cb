import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  COURT_ORDERS,
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATIONS,
  PATIENT_PAYERS,
  SUBSTANCES,
  type CourtOrder,
  type Substance,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type PatientPayer,
} from '#vocabulary';

/**
 * Clinical needs only: no name, birth date or contact details ever travel on Kafka. Version 2 of the
 * topic: the substances became required and the court order a kind (DUI/DWI or other), not a yes/no.
 * Replaced by version 3, which carries the age band instead of the exact age; the classes keep a V2
 * suffix so the two versions' schemas do not share names.
 */
export class PatientNeedsV2Value {
  @IsIn(GENDERS)
  gender!: Gender;

  @IsInt()
  @Min(0)
  @Max(120)
  ageYears!: number;

  @IsBoolean()
  pregnant!: boolean;

  @IsBoolean()
  coOccurringMentalIllness!: boolean;

  /** What the patient needs treatment for; at least one. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  substances!: Substance[];

  /** A court order behind the placement: DUI/DWI, another kind, or none. */
  @IsOptional()
  @IsIn(COURT_ORDERS)
  courtOrder?: CourtOrder | null;

  /** A medication for opioid or alcohol use disorder the patient takes and must keep taking. */
  @IsOptional()
  @IsIn(MEDICATIONS)
  medication?: Medication | null;

  /** A medication for opioid or alcohol use disorder to start. */
  @IsOptional()
  @IsIn(MEDICATIONS)
  startMedication?: Medication | null;

  /** The patient's children need a residential bed too. */
  @IsOptional()
  @IsBoolean()
  bedsForChildren?: boolean;

  /** The patient needs childcare for their children during treatment. */
  @IsOptional()
  @IsBoolean()
  childcare?: boolean;

  /** The language the patient needs care in, when not English. */
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language | null;
}

export class OriginV2Value {
  @Matches(/^\d{5}$/)
  zip!: string;

  @IsLatitude()
  latitude!: number;

  @IsLongitude()
  longitude!: number;
}

export class ReferralSubmittedV2Value {
  @IsUUID()
  referralId!: string;

  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @IsIn(PATIENT_PAYERS)
  payer!: PatientPayer;

  @ValidateNested()
  @Type(() => OriginV2Value)
  origin!: OriginV2Value;

  @IsNumber()
  @Min(1)
  @Max(3000)
  maxDistanceMiles!: number;

  @ValidateNested()
  @Type(() => PatientNeedsV2Value)
  needs!: PatientNeedsV2Value;

  /** The planner accepts a more intensive level of care than the one requested. */
  @IsOptional()
  @IsBoolean()
  acceptHigherLevels?: boolean;

  /** The planner requires an accreditation, not only a licence. */
  @IsOptional()
  @IsBoolean()
  requireAccreditation?: boolean;

  @IsISO8601({ strict: true })
  submittedAt!: string;
}
