import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsDate, IsIn, IsUUID } from 'class-validator';
import { CONSENT_PURPOSES, DISCLOSABLE_FIELDS, type ConsentPurpose, type DisclosableField } from '../domain/consent-rules.js';

export class RecordConsentRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The facility the patient agrees to disclose to (one of the referral’s matches)' })
  @IsUUID()
  recipientFacilityId!: string;

  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({ enum: DISCLOSABLE_FIELDS, isArray: true, description: 'What may be disclosed: the minimum the facility needs' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DISCLOSABLE_FIELDS, { each: true })
  disclosedFields!: DisclosableField[];

  @ApiProperty({ format: 'date-time', description: 'When the consent ends (at most a year ahead)' })
  @Type(() => Date)
  @IsDate({ message: 'expiresAt must be an ISO date-time' })
  expiresAt!: Date;
}
