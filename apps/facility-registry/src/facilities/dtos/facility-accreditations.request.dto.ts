import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { CREDENTIAL_STATUSES, CREDENTIAL_TYPES, type CredentialStatus, type CredentialType } from '#contracts';

export class CredentialDto {
  @ApiProperty({ enum: CREDENTIAL_TYPES })
  @IsIn(CREDENTIAL_TYPES)
  type!: CredentialType;

  @ApiProperty({ enum: CREDENTIAL_STATUSES })
  @IsIn(CREDENTIAL_STATUSES)
  status!: CredentialStatus;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-06-30', description: 'Last day it is valid' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresOn must be a date such as 2027-06-30' })
  @Length(10, 10, { message: 'expiresOn must be a date such as 2027-06-30' })
  expiresOn: string | null = null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'KY-AODE-1234' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  identifier: string | null = null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Kentucky Cabinet for Health and Family Services' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  issuer: string | null = null;
}

export class FacilityAccreditationsRequestDto {
  @ApiProperty({ type: [CredentialDto], description: 'The whole list; it replaces the current one' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CredentialDto)
  credentials!: CredentialDto[];
}
