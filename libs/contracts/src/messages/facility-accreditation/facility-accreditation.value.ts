import { Type } from 'class-transformer';
import { IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CREDENTIAL_STATUSES, CREDENTIAL_TYPES, type CredentialStatus, type CredentialType } from '#vocabulary';

/** A licence or accreditation. It stops counting on its expiry date without anyone touching it. */
export class CredentialValue {
  @IsIn(CREDENTIAL_TYPES)
  type!: CredentialType;

  @IsIn(CREDENTIAL_STATUSES)
  status!: CredentialStatus;

  /** ISO date (YYYY-MM-DD), the last day it is valid; null when the source states none. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  expiresOn?: string | null;

  /** Licence or certificate number. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  identifier?: string | null;

  /** Who issued it, e.g. the state agency. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  issuer?: string | null;
}

export class FacilityAccreditationValue {
  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CredentialValue)
  credentials!: CredentialValue[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CredentialValue)
  previousCredentials!: CredentialValue[];
}
