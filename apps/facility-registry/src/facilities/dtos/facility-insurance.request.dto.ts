import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PAYERS, type Payer } from '#contracts';

export class FacilityInsuranceRequestDto {
  @ApiProperty({ enum: PAYERS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(PAYERS, { each: true })
  payers!: Payer[];

  @ApiProperty({ type: [String], example: ['Anthem Blue Cross Blue Shield PPO'], description: 'Named private plans in network' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(2, 120, { each: true })
  privateInsurancePlans!: string[];

  @ApiPropertyOptional({ nullable: true, description: 'Payment required before admission' })
  @IsOptional()
  @IsBoolean()
  upfrontPaymentRequired: boolean | null = null;
}
