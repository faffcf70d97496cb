import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  GENDERS,
  LEVELS_OF_CARE,
  PATIENT_PAYERS,
  type Gender,
  type LevelOfCare,
  type PatientPayer,
} from '../../vocabulary/care.vocabulary.js';

/** Clinical needs only: no name, birth date or contact details ever travel on Kafka. */
export class PatientNeedsValue {
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

  @IsBoolean()
  courtOrdered!: boolean;
}

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

  @IsISO8601({ strict: true })
  submittedAt!: string;
}
