import { Type } from 'class-transformer';
import { IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CREDENTIAL_STATUSES, CREDENTIAL_TYPES, type CredentialStatus, type CredentialType } from '#vocabulary';

/**
 * Who vouches for a credential: `directory-listed`, SAMHSA's directory lists it (its state agencies
 * approve what it lists); `unverified`, the facility entered or changed it and no admin has checked it
 * since; `verified`, an admin checked it against the issuer.
 */
export const CREDENTIAL_VERIFICATIONS = ['directory-listed', 'unverified', 'verified'] as const;
export type CredentialVerification = (typeof CREDENTIAL_VERIFICATIONS)[number];

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

  /**
   * Added to facility.accreditation.v1 without a new topic (an optional field breaks no consumer).
   * Absent (an event from before verification existed): read as `unverified`, so nothing the facility
   * entered is trusted by default; the registry re-announced every facility's credentials with it.
   */
  @IsOptional()
  @IsIn(CREDENTIAL_VERIFICATIONS)
  verification?: CredentialVerification;
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
