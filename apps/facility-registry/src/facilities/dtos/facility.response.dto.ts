import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGE_GROUPS,
  BED_TYPES,
  CREDENTIAL_STATUSES,
  CREDENTIAL_TYPES,
  CREDENTIAL_VERIFICATIONS,
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATION_SERVICES,
  MEDICATIONS,
  OPERATORS,
  PAYERS,
  POPULATIONS,
  SUBSTANCES,
  SUPPORT_SERVICES,
  THERAPIES,
  type AgeGroup,
  type BedType,
  type CredentialStatus,
  type CredentialType,
  type CredentialVerification,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type MedicationService,
  type Operator,
  type Payer,
  type Population,
  type Substance,
  type SupportService,
  type Therapy,
} from '#contracts';
import type { BedCountEntity } from '../database/bed-count.entity.js';
import type { FacilityEntity } from '../database/facility.entity.js';
import { effectiveCredentialStatus, isBedCountStale } from '../domain/facility-rules.js';
import { ProgramDto } from './facility-profile.request.dto.js';

/** How the response judges time-dependent facts: credential expiry and stale bed counts. */
export interface ResponseClock {
  readonly now: Date;
  readonly staleAfterHours: number;
}

export class BedCountResponseDto {
  @ApiProperty({ enum: LEVELS_OF_CARE }) levelOfCare!: LevelOfCare;
  @ApiProperty({ enum: BED_TYPES }) bedType!: BedType;
  @ApiProperty() staffed!: number;
  @ApiProperty({ description: 'Beds free for new referrals (beds reported free, less those held)' }) available!: number;
  @ApiProperty({ description: 'Beds held for referrals this facility has not answered yet' }) held!: number;
  @ApiProperty({ description: 'Beds expected to free up within 24 h' }) opening24h!: number;
  @ApiProperty({ description: 'Beds expected to free up within 72 h' }) opening72h!: number;
  @ApiProperty() waitlist!: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) typicalWaitDays!: number | null;
  @ApiProperty({ format: 'date-time' }) confirmedAt!: string;
  @ApiProperty({ description: 'Not confirmed within BED_COUNT_STALE_HOURS: matching treats it as unknown' }) stale!: boolean;

  static from(bed: BedCountEntity, clock: ResponseClock): BedCountResponseDto {
    const confirmedAt = new Date(bed.confirmedAt);
    return {
      levelOfCare: bed.levelOfCare,
      bedType: bed.bedType,
      staffed: bed.staffed,
      available: bed.available,
      held: bed.held ?? 0,
      opening24h: bed.opening24h,
      opening72h: bed.opening72h,
      waitlist: bed.waitlist,
      typicalWaitDays: bed.typicalWaitDays,
      confirmedAt: confirmedAt.toISOString(),
      stale: isBedCountStale(confirmedAt, clock.now, clock.staleAfterHours),
    };
  }
}

export class CredentialResponseDto {
  @ApiProperty({ enum: CREDENTIAL_TYPES }) type!: CredentialType;
  @ApiProperty({ enum: CREDENTIAL_STATUSES, description: 'As recorded' }) status!: CredentialStatus;
  @ApiProperty({ enum: CREDENTIAL_STATUSES, description: 'As of today: an active one past its expiry date is expired' })
  effectiveStatus!: CredentialStatus;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-06-30' }) expiresOn!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) identifier!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) issuer!: string | null;
  @ApiProperty({
    enum: CREDENTIAL_VERIFICATIONS,
    description:
      "directory-listed: from SAMHSA's directory; unverified: entered or changed by the facility, not yet checked (matching does " +
      'not count it); verified: an admin checked it',
  })
  verification!: CredentialVerification;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Account of the admin who last verified (verification is verified) or rejected (unverified) it',
  })
  reviewedBy!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'When that admin reviewed it' })
  reviewedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The admin's note" }) reviewNote!: string | null;
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
  @ApiProperty({ type: [ProgramDto] }) programs!: ProgramDto[];
  @ApiProperty({ enum: LEVELS_OF_CARE, isArray: true }) levelsOfCare!: LevelOfCare[];
  @ApiProperty({ enum: MEDICATIONS, isArray: true }) medications!: Medication[];
  @ApiPropertyOptional({ type: Boolean, nullable: true }) continuesExternalMedication!: boolean | null;
  @ApiProperty({ enum: MEDICATION_SERVICES, isArray: true }) medicationServices!: MedicationService[];
  @ApiProperty({ enum: SUBSTANCES, isArray: true, description: 'Substances whose use disorder it does not treat' })
  substancesNotTreated!: Substance[];
  @ApiProperty({ enum: SUBSTANCES, isArray: true, description: 'Serves only clients with one of these use disorders; empty: any' })
  servesOnlyClientsWith!: Substance[];
  @ApiProperty({ enum: SUBSTANCES, isArray: true, description: 'Withdrawal it manages; empty when not on file' })
  withdrawalManaged!: Substance[];
  @ApiProperty({ enum: OPERATORS, isArray: true }) operators!: Operator[];
  @ApiProperty({ enum: SUPPORT_SERVICES, isArray: true }) supportServices!: SupportService[];
  @ApiProperty({ enum: THERAPIES, isArray: true }) therapies!: Therapy[];
  @ApiProperty({ enum: POPULATIONS, isArray: true }) populations!: Population[];
  @ApiProperty({ enum: GENDERS, isArray: true }) gendersAccepted!: Gender[];
  @ApiProperty({ enum: AGE_GROUPS, isArray: true }) ageGroupsAccepted!: AgeGroup[];
  @ApiProperty({ enum: LANGUAGES, isArray: true }) languages!: Language[];
  @ApiProperty({ enum: PAYERS, isArray: true }) payers!: Payer[];
  @ApiProperty({ type: [String] }) privateInsurancePlans!: string[];
  @ApiPropertyOptional({ type: Boolean, nullable: true }) upfrontPaymentRequired!: boolean | null;
  @ApiProperty({ type: [CredentialResponseDto] }) credentials!: CredentialResponseDto[];
  @ApiProperty({ type: [BedCountResponseDto] }) beds!: BedCountResponseDto[];
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(facility: FacilityEntity, clock: ResponseClock): FacilityResponseDto {
    const today = clock.now.toISOString().slice(0, 10);
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
      programs: facility.programs,
      levelsOfCare: facility.levelsOfCare,
      medications: facility.medications,
      continuesExternalMedication: facility.continuesExternalMedication,
      medicationServices: facility.medicationServices ?? [],
      substancesNotTreated: facility.substancesNotTreated ?? [],
      servesOnlyClientsWith: facility.servesOnlyClientsWith ?? [],
      withdrawalManaged: facility.withdrawalManaged ?? [],
      operators: facility.operators ?? [],
      supportServices: facility.supportServices ?? [],
      therapies: facility.therapies,
      populations: facility.populations,
      gendersAccepted: facility.gendersAccepted,
      ageGroupsAccepted: facility.ageGroupsAccepted,
      languages: facility.languages,
      payers: facility.payers,
      privateInsurancePlans: facility.privateInsurancePlans,
      upfrontPaymentRequired: facility.upfrontPaymentRequired,
      credentials: facility.credentials.map((credential) => ({
        type: credential.type,
        status: credential.status,
        effectiveStatus: effectiveCredentialStatus(credential, today),
        expiresOn: credential.expiresOn ?? null,
        identifier: credential.identifier ?? null,
        issuer: credential.issuer ?? null,
        verification: credential.verification ?? 'unverified',
        reviewedBy: credential.reviewedBy ?? null,
        reviewedAt: credential.reviewedAt ?? null,
        reviewNote: credential.reviewNote ?? null,
      })),
      beds: (facility.beds ?? []).map((bed) => BedCountResponseDto.from(bed, clock)),
      updatedAt: new Date(facility.updatedAt).toISOString(),
    };
  }
}
