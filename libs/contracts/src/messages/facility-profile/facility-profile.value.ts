import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  AGE_GROUPS,
  CREDENTIAL_STATUSES,
  CREDENTIAL_TYPES,
  GENDERS,
  LEVELS_OF_CARE,
  PAYERS,
  POPULATIONS,
  type AgeGroup,
  type CredentialStatus,
  type CredentialType,
  type Gender,
  type LevelOfCare,
  type Payer,
  type Population,
} from '../../vocabulary/care.vocabulary.js';

export class CredentialValue {
  @IsIn(CREDENTIAL_TYPES)
  type!: CredentialType;

  @IsIn(CREDENTIAL_STATUSES)
  status!: CredentialStatus;

  /** ISO date (YYYY-MM-DD); absent when the source gives none. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  expiresOn?: string | null;
}

export class FacilityProfileValue {
  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsString()
  city!: string;

  @IsString()
  state!: string;

  @Matches(/^\d{5}$/)
  zip!: string;

  @IsLatitude()
  latitude!: number;

  @IsLongitude()
  longitude!: number;

  /** False once the facility is closed or removed from the directory: matching skips it. */
  @IsBoolean()
  active!: boolean;

  @IsArray()
  @ArrayUnique()
  @IsIn(LEVELS_OF_CARE, { each: true })
  levelsOfCare!: LevelOfCare[];

  @IsArray()
  @ArrayUnique()
  @IsIn(PAYERS, { each: true })
  payers!: Payer[];

  @IsArray()
  @ArrayUnique()
  @IsIn(POPULATIONS, { each: true })
  populations!: Population[];

  @IsArray()
  @ArrayUnique()
  @IsIn(GENDERS, { each: true })
  gendersAccepted!: Gender[];

  @IsArray()
  @ArrayUnique()
  @IsIn(AGE_GROUPS, { each: true })
  ageGroupsAccepted!: AgeGroup[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CredentialValue)
  credentials!: CredentialValue[];

  @IsISO8601({ strict: true })
  updatedAt!: string;
}
