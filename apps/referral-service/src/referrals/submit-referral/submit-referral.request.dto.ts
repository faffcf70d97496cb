import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
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
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type PatientPayer,
  type Substance,
} from '#contracts';
import type { SubmittedNeeds } from '../domain/referral-needs.js';

const SUBSTANCE_LIST = SUBSTANCES.join(', ');

/** Why a substance list is not acceptable, or null when it is: one reason, in the planner's terms. */
export function substancesProblem(value: unknown): string | null {
  if (value === undefined || value === null)
    return `is required: name at least one substance the patient needs treatment for (${SUBSTANCE_LIST})`;
  if (!Array.isArray(value)) return `must be a list of substances (${SUBSTANCE_LIST})`;
  if (value.length === 0) return `must name at least one substance the patient needs treatment for (${SUBSTANCE_LIST})`;
  const unknown = value.filter((substance) => !(SUBSTANCES as readonly unknown[]).includes(substance));
  if (unknown.length > 0)
    return (
      `${unknown.map((substance) => JSON.stringify(substance)).join(', ')} ` +
      `${unknown.length === 1 ? 'is not a substance' : 'are not substances'} this service knows: use ${SUBSTANCE_LIST}`
    );
  const twice = value.filter((substance, index) => value.indexOf(substance) !== index);
  if (twice.length > 0) return `names ${[...new Set(twice)].join(', ')} more than once`;
  return null;
}

/** needs.substances: at least one of SUBSTANCES, each once; one problem reported, worded for the case. */
function IsSubstanceList(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSubstanceList',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => substancesProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'substances'} ${substancesProblem(args?.value)}`,
      },
    });
}

/** Why the old `courtOrdered` and the new `courtOrder` contradict each other, or null when they agree or only one is given. */
export function courtOrderConflict(courtOrdered: unknown, courtOrder: unknown): string | null {
  if (typeof courtOrdered !== 'boolean' || courtOrder === undefined) return null;
  if (courtOrdered === (courtOrder !== null)) return null;
  return courtOrdered
    ? 'courtOrdered is true but courtOrder is null: send courtOrder alone (dui, other or null)'
    : `courtOrdered is false but courtOrder is ${JSON.stringify(courtOrder)}: send courtOrder alone (dui, other or null)`;
}

/** The deprecated `courtOrdered` must agree with `courtOrder` when a client sends both. */
function AgreesWithCourtOrder(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'agreesWithCourtOrder',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          courtOrderConflict(value, (args?.object as PatientNeedsDto | undefined)?.courtOrder) === null,
        defaultMessage: (args?: ValidationArguments) =>
          courtOrderConflict(args?.value, (args?.object as PatientNeedsDto | undefined)?.courtOrder) ?? 'disagrees with courtOrder',
      },
    });
}

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

  @ApiProperty({
    enum: SUBSTANCES,
    isArray: true,
    minItems: 1,
    uniqueItems: true,
    example: ['alcohol'],
    description:
      'What the patient needs treatment for, at least one: sedatives are benzodiazepines and other sedative-hypnotics, ' +
      'stimulants are cocaine and methamphetamine. ' +
      'Facilities that do not treat one, and detox programs that do not manage its withdrawal, are left out.',
  })
  @IsSubstanceList()
  substances!: Substance[];

  @ApiPropertyOptional({
    enum: COURT_ORDERS,
    nullable: true,
    description: 'The court order behind the placement: dui (DUI/DWI programmes), other (criminal-justice programmes), or null for none',
  })
  @IsOptional()
  @IsIn(COURT_ORDERS, { message: `courtOrder must be one of ${COURT_ORDERS.join(', ')} or null` })
  courtOrder?: CourtOrder | null;

  @ApiPropertyOptional({
    deprecated: true,
    description: 'Replaced by courtOrder: true still means courtOrder "other", false none. Sent with courtOrder, the two must agree.',
  })
  @IsOptional()
  @IsBoolean()
  @AgreesWithCourtOrder()
  courtOrdered?: boolean;

  @ApiPropertyOptional({
    enum: MEDICATIONS,
    nullable: true,
    description: 'Medication for opioid or alcohol use disorder the patient takes now and must keep taking',
  })
  @IsOptional()
  @IsIn(MEDICATIONS)
  medication: Medication | null = null;

  @ApiPropertyOptional({
    enum: MEDICATIONS,
    nullable: true,
    description: 'Medication for opioid or alcohol use disorder to start (buprenorphine and naltrexone alone: any form)',
  })
  @IsOptional()
  @IsIn(MEDICATIONS)
  startMedication: Medication | null = null;

  @ApiPropertyOptional({ default: false, description: 'The patient’s children come too and need a residential bed' })
  @IsOptional()
  @IsBoolean()
  bedsForChildren: boolean = false;

  @ApiPropertyOptional({ default: false, description: 'The patient needs childcare for their children during treatment' })
  @IsOptional()
  @IsBoolean()
  childcare: boolean = false;

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

/** The request's needs as stored and matched: the old `courtOrdered: true` is a court order of kind 'other'. */
export function patientNeedsFrom(dto: PatientNeedsDto): SubmittedNeeds {
  return {
    gender: dto.gender,
    ageYears: dto.ageYears,
    pregnant: dto.pregnant,
    coOccurringMentalIllness: dto.coOccurringMentalIllness,
    substances: [...dto.substances],
    courtOrder: dto.courtOrder !== undefined ? dto.courtOrder : dto.courtOrdered ? 'other' : null,
    medication: dto.medication ?? null,
    startMedication: dto.startMedication ?? null,
    bedsForChildren: dto.bedsForChildren,
    childcare: dto.childcare,
    language: dto.language ?? null,
  };
}
