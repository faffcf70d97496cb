import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID, Matches, registerDecorator, type ValidationArguments } from 'class-validator';
import { DECLINE_REASONS, LEVELS_OF_CARE, PATIENT_PAYERS, type DeclineReason, type LevelOfCare, type PatientPayer } from '#contracts';
import { REFERRAL_OUTCOMES, type ReferralOutcome } from '../domain/referral-outcome.js';

/** The decorated date must be later than the date in another property of the same object, when both are given. */
function IsLaterThan(property: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLaterThan',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [property],
      options: { message: `${String(propertyName)} must be later than ${property}` },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const other = (args.object as Record<string, unknown>)[property];
          return !(value instanceof Date && other instanceof Date) || value.getTime() > other.getTime();
        },
      },
    });
}

/** Which referrals placement history, its export and its figures cover. Every filter is optional. */
export class PlacementFilterRequestDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Submitted at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO date or date-time' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Submitted before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO date or date-time' })
  @IsLaterThan('from')
  to?: Date;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only referrals this facility was matched with or sent to' })
  @IsOptional()
  @IsUUID()
  facilityId?: string;

  @ApiPropertyOptional({ enum: LEVELS_OF_CARE, description: 'Level of care requested' })
  @IsOptional()
  @IsIn(LEVELS_OF_CARE)
  levelOfCare?: LevelOfCare;

  @ApiPropertyOptional({ enum: PATIENT_PAYERS })
  @IsOptional()
  @IsIn(PATIENT_PAYERS)
  payer?: PatientPayer;

  @ApiPropertyOptional({ example: 'KY', description: "State of the patient's ZIP code" })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter upper-case code such as KY' })
  state?: string;

  @ApiPropertyOptional({ enum: REFERRAL_OUTCOMES, description: 'What became of the referral so far' })
  @IsOptional()
  @IsIn(REFERRAL_OUTCOMES)
  outcome?: ReferralOutcome;

  @ApiPropertyOptional({ enum: DECLINE_REASONS, description: 'Only referrals some facility declined for this reason' })
  @IsOptional()
  @IsIn(DECLINE_REASONS)
  declineReason?: DeclineReason;
}
