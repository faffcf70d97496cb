import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
} from '#contracts';
import type { BedCountEntity } from './bed-count.entity.js';
import type { FacilityEntity } from './facility.entity.js';

export class BedCountResponseDto {
  @ApiProperty({ enum: LEVELS_OF_CARE }) levelOfCare!: LevelOfCare;
  @ApiProperty() staffed!: number;
  @ApiProperty() available!: number;
  @ApiProperty({ format: 'date-time' }) confirmedAt!: string;

  static from(bed: BedCountEntity): BedCountResponseDto {
    return {
      levelOfCare: bed.levelOfCare,
      staffed: bed.staffed,
      available: bed.available,
      confirmedAt: new Date(bed.confirmedAt).toISOString(),
    };
  }
}

export class CredentialResponseDto {
  @ApiProperty({ enum: CREDENTIAL_TYPES }) type!: CredentialType;
  @ApiProperty({ enum: CREDENTIAL_STATUSES }) status!: CredentialStatus;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-06-30' }) expiresOn!: string | null;
}

export class FacilityResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'samhsa:substance_1' }) sourceRef!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() street!: string;
  @ApiProperty() city!: string;
  @ApiProperty() state!: string;
  @ApiProperty() zip!: string;
  @ApiProperty() phone!: string;
  @ApiProperty() latitude!: number;
  @ApiProperty() longitude!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: LEVELS_OF_CARE, isArray: true }) levelsOfCare!: LevelOfCare[];
  @ApiProperty({ enum: PAYERS, isArray: true }) payers!: Payer[];
  @ApiProperty({ enum: POPULATIONS, isArray: true }) populations!: Population[];
  @ApiProperty({ enum: GENDERS, isArray: true }) gendersAccepted!: Gender[];
  @ApiProperty({ enum: AGE_GROUPS, isArray: true }) ageGroupsAccepted!: AgeGroup[];
  @ApiProperty({ type: [CredentialResponseDto] }) credentials!: CredentialResponseDto[];
  @ApiProperty({ type: [BedCountResponseDto] }) beds!: BedCountResponseDto[];

  static from(facility: FacilityEntity): FacilityResponseDto {
    return {
      id: facility.id,
      sourceRef: facility.sourceRef,
      name: facility.name,
      street: facility.street,
      city: facility.city,
      state: facility.state,
      zip: facility.zip,
      phone: facility.phone,
      latitude: facility.latitude,
      longitude: facility.longitude,
      active: facility.active,
      levelsOfCare: facility.levelsOfCare,
      payers: facility.payers,
      populations: facility.populations,
      gendersAccepted: facility.gendersAccepted,
      ageGroupsAccepted: facility.ageGroupsAccepted,
      credentials: facility.credentials.map((credential) => ({
        type: credential.type,
        status: credential.status,
        expiresOn: credential.expiresOn ?? null,
      })),
      beds: (facility.beds ?? []).map(BedCountResponseDto.from),
    };
  }
}
