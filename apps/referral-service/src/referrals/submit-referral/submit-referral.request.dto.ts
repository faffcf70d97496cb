import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min, ValidateNested, IsUUID } from 'class-validator';
import {
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATIONS,
  PATIENT_PAYERS,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type PatientPayer,
} from '#contracts';

export class PatientNeedsDto {
  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender!: Gender;

  @ApiProperty({ minimum: 0, maximum: 120, example: 34 })
  @IsInt()
  @Min(0)
  @Max(120)
  ageYears!: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  pregnant: boolean = false;

  @ApiPropertyOptional({ default: false, description: 'Co-occurring mental illness' })
  @IsOptional()
  @IsBoolean()
  coOccurringMentalIllness: boolean = false;

  @ApiPropertyOptional({ default: false, description: 'Placement is court-ordered' })
  @IsOptional()
  @IsBoolean()
  courtOrdered: boolean = false;

  @ApiPropertyOptional({ enum: MEDICATIONS, nullable: true, description: 'Medication for opioid use disorder the patient takes now' })
  @IsOptional()
  @IsIn(MEDICATIONS)
  medication: Medication | null = null;

  @ApiPropertyOptional({ enum: LANGUAGES, nullable: true, description: 'Language the patient needs care in' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language: Language | null = null;
}

export class SubmitReferralRequestDto {
  @ApiProperty({ enum: LEVELS_OF_CARE, example: 'detox-residential' })
  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @ApiProperty({ enum: PATIENT_PAYERS, example: 'medicaid' })
  @IsIn(PATIENT_PAYERS)
  payer!: PatientPayer;

  @ApiProperty({ example: '40202', description: "Patient's five-digit ZIP code; distances are measured from its centre" })
  @Matches(/^\d{5}$/, { message: 'patientZip must be a five-digit ZIP code' })
  patientZip!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3000, default: 50 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(3000)
  maxDistanceMiles: number = 50;

  @ApiPropertyOptional({ default: false, description: 'Also offer beds at a more intensive level of care' })
  @IsOptional()
  @IsBoolean()
  acceptHigherLevels: boolean = false;

  @ApiPropertyOptional({ default: false, description: 'Only accredited facilities (CARF, Joint Commission, COA, NCQA, HFAP)' })
  @IsOptional()
  @IsBoolean()
  requireAccreditation: boolean = false;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The referral this one continues (e.g. residential care after a detox stay), so the hand-over is tracked',
  })
  @IsOptional()
  @IsUUID()
  followsReferralId?: string;

  @ApiProperty({ type: PatientNeedsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PatientNeedsDto)
  needs!: PatientNeedsDto;
}
