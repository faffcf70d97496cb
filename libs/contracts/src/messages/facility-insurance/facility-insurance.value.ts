import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { PAYERS, type Payer } from '#vocabulary';

export class InsuranceState {
  @IsArray()
  @ArrayUnique()
  @IsIn(PAYERS, { each: true })
  payers!: Payer[];

  /** Named private plans the facility is in network with, e.g. "Anthem Blue Cross Blue Shield PPO". */
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(2, 120, { each: true })
  privateInsurancePlans!: string[];

  /** Whether payment is required before admission; null when unknown. */
  @IsOptional()
  @IsBoolean()
  upfrontPaymentRequired!: boolean | null;
}

export class FacilityInsuranceValue extends InsuranceState {
  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => InsuranceState)
  previous!: InsuranceState | null;
}
