import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEVELS_OF_CARE, PATIENT_PAYERS, type LevelOfCare, type PatientPayer } from '#contracts';
import { PatientNeedsDto } from './submit-referral/submit-referral.request.dto.js';
import type { ReferralMatchEntity } from './referral-match.entity.js';
import { MATCH_STATUSES, type MatchStatus, type ReferralEntity } from './referral.entity.js';

export class FacilityMatchResponseDto {
  @ApiProperty({ example: 1 }) rank!: number;
  @ApiProperty({ format: 'uuid' }) facilityId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ example: 12.4 }) distanceMiles!: number;
  @ApiProperty({ example: 3 }) bedsAvailable!: number;
  @ApiProperty({ example: 0.8123 }) score!: number;
  @ApiProperty({ type: [String], example: ['3 of 12 detox-residential beds free', 'accepts Medicaid', '12.4 mi away'] })
  reasons!: string[];

  static from(match: ReferralMatchEntity): FacilityMatchResponseDto {
    return {
      rank: match.rank,
      facilityId: match.facilityId,
      name: match.facilityName,
      city: match.city,
      state: match.state,
      distanceMiles: match.distanceMiles,
      bedsAvailable: match.bedsAvailable,
      score: match.score,
      reasons: match.reasons,
    };
  }
}

export class ReferralResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MATCH_STATUSES, description: 'matching until the matcher has answered' }) matchStatus!: MatchStatus;
  @ApiProperty({ enum: LEVELS_OF_CARE }) levelOfCare!: LevelOfCare;
  @ApiProperty({ enum: PATIENT_PAYERS }) payer!: PatientPayer;
  @ApiProperty() patientZip!: string;
  @ApiProperty() maxDistanceMiles!: number;
  @ApiProperty({ type: PatientNeedsDto }) needs!: PatientNeedsDto;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) matchedAt!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) facilitiesConsidered!: number | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    description: 'How many facilities each rule left out, e.g. {"no-bed": 12, "payer": 3}',
  })
  excludedByRule!: Record<string, number> | null;
  @ApiProperty({ type: [FacilityMatchResponseDto] }) matches!: FacilityMatchResponseDto[];

  static from(referral: ReferralEntity): ReferralResponseDto {
    return {
      id: referral.id,
      matchStatus: referral.matchStatus,
      levelOfCare: referral.levelOfCare,
      payer: referral.payer,
      patientZip: referral.originZip,
      maxDistanceMiles: referral.maxDistanceMiles,
      needs: {
        gender: referral.gender,
        ageYears: referral.ageYears,
        pregnant: referral.pregnant,
        coOccurringMentalIllness: referral.coOccurringMentalIllness,
        courtOrdered: referral.courtOrdered,
      },
      submittedAt: new Date(referral.submittedAt).toISOString(),
      matchedAt: referral.matchedAt ? new Date(referral.matchedAt).toISOString() : null,
      facilitiesConsidered: referral.facilitiesConsidered,
      excludedByRule: referral.excludedByRule,
      matches: (referral.matches ?? []).map(FacilityMatchResponseDto.from),
    };
  }
}
