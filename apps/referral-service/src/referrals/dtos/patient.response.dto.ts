import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONSENT_PURPOSES,
  DISCLOSABLE_FIELDS,
  type ConsentPurpose,
  type DisclosableField,
  type DisclosedPatient,
} from '../domain/consent-rules.js';
import type { ConsentEntity } from '../database/consent.entity.js';

export class ConsentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({
    description:
      'The patient the consent names. Facility staff get it only while the consent is current and discloses the name; ' +
      'the referring planners and admins always',
  })
  patientName?: string;
  @ApiProperty({ description: 'The version of the patient details the consent was given for: the only one it discloses' })
  patientDetailsVersion!: number;
  @ApiProperty({ description: 'Who discloses: the referring organisation and account' }) discloser!: string;
  @ApiProperty() recipientFacilityId!: string;
  @ApiProperty() recipientName!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: ConsentPurpose;
  @ApiProperty({ enum: DISCLOSABLE_FIELDS, isArray: true }) disclosedFields!: DisclosableField[];
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;

  /** The consent as a reader sees it; `showName` false leaves the patient's name out (minimum necessary). */
  static from(consent: ConsentEntity, showName: boolean): ConsentResponseDto {
    return {
      id: consent.id,
      ...(showName ? { patientName: consent.patientName } : {}),
      patientDetailsVersion: consent.patientDetailsVersion,
      discloser: consent.discloser,
      recipientFacilityId: consent.recipientFacilityId,
      recipientName: consent.recipientName,
      purpose: consent.purpose,
      disclosedFields: consent.disclosedFields,
      expiresAt: new Date(consent.expiresAt).toISOString(),
      recordedAt: new Date(consent.recordedAt).toISOString(),
      revokedAt: consent.revokedAt ? new Date(consent.revokedAt).toISOString() : null,
    };
  }
}

export class PatientNameDto {
  @ApiProperty() given!: string;
  @ApiProperty() family!: string;
}

export class DisclosedPatientDto {
  @ApiPropertyOptional({ type: PatientNameDto }) name?: PatientNameDto;
  @ApiPropertyOptional({ format: 'date' }) birthDate?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) address?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) medicalRecordNumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) clinicalSummary?: string | null;
}

/** A disclosure: the details a reader may see, and the consent that allows it (travelling with them). */
export class PatientDisclosureResponseDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ type: DisclosedPatientDto }) patient!: DisclosedPatient;
  @ApiProperty({ enum: DISCLOSABLE_FIELDS, isArray: true }) disclosedFields!: DisclosableField[];
  @ApiPropertyOptional({
    type: ConsentResponseDto,
    nullable: true,
    description: 'Null when the reader is the referring organisation or an admin',
  })
  consent!: ConsentResponseDto | null;
  @ApiProperty({
    description:
      'The version of the patient details shown: the latest for the referring planners and admins, the one the consent was ' +
      'given for when a facility reads',
  })
  patientDetailsVersion!: number;
  @ApiPropertyOptional({
    description:
      'With every disclosure to a facility: the notice prohibiting redisclosure that 42 CFR 2.32(a)(1) requires, to show with the details',
  })
  redisclosureNotice?: string;
  @ApiProperty({ description: 'Every read is in the audit log' }) audited!: true;
}
