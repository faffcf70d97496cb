import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
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
  AGE_BANDS,
  COURT_ORDERS,
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATIONS,
  PATIENT_PAYERS,
  SUBSTANCES,
  type AgeBand,
  type CourtOrder,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type PatientPayer,
  type Substance,
} from '#vocabulary';

/**
 * Clinical needs only: no name, birth date, exact age or contact details ever travel on Kafka. Version
 * 3 of the topic: the age band the rules need replaced the exact age (minimum necessary).
 */
export class PatientNeedsValue {
  @IsIn(GENDERS)
  gender!: Gender;

  /** Under 18, 18–25, 26–64 or 65 and over: what the bed and age-group rules read, never the exact age. */
  @IsIn(AGE_BANDS)
  ageBand!: AgeBand;

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

/** Where the patient is: a ZIP code's centre, so the matcher can measure distances. */
export class OriginValue {
  @Matches(/^\d{5}$/)
  zip!: string;

  @IsLatitude()
  latitude!: number;

  @IsLongitude()
  longitude!: number;
}

export class ReferralSubmittedValue {
  @IsUUID()
  referralId!: string;

  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @IsIn(PATIENT_PAYERS)
  payer!: PatientPayer;

  @ValidateNested()
  @Type(() => OriginValue)
  origin!: OriginValue;

  @IsNumber()
  @Min(1)
  @Max(3000)
  maxDistanceMiles!: number;

  @ValidateNested()
  @Type(() => PatientNeedsValue)
  needs!: PatientNeedsValue;

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
