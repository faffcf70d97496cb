import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { GENDERS, LEVELS_OF_CARE, PATIENT_PAYERS, type Gender, type LevelOfCare, type PatientPayer } from '#contracts';

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
  pregnant = false;

  @ApiPropertyOptional({ default: false, description: 'Co-occurring mental illness' })
  @IsOptional()
  @IsBoolean()
  coOccurringMentalIllness = false;

  @ApiPropertyOptional({ default: false, description: 'Placement is court-ordered' })
  @IsOptional()
  @IsBoolean()
  courtOrdered = false;
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
  maxDistanceMiles = 50;

  @ApiProperty({ type: PatientNeedsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PatientNeedsDto)
  needs!: PatientNeedsDto;
}
