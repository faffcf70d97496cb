import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BED_HOLD_STATUSES,
  COURT_ORDERS,
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATIONS,
  PATIENT_PAYERS,
  SUBSTANCES,
  TASK_STATUSES,
  type CourtOrder,
  type Gender,
  type Language,
  type LevelOfCare,
  type Medication,
  type PatientPayer,
  type Substance,
  type TaskStatus,
} from '#contracts';
import type { ReferralTaskEntity, TaskHoldStatus } from '../database/referral-task.entity.js';
import { REFERRAL_WARNING_CODES, type ReferralWarning } from '../domain/referral-warnings.js';
import type { ReferralMatchEntity } from '../database/referral-match.entity.js';
import { MATCH_STATUSES, type MatchStatus } from '../domain/match-status.js';
import type { ReferralEntity } from '../database/referral.entity.js';
import { REFERRAL_OUTCOMES, referralOutcome, type ReferralOutcome } from '../domain/referral-outcome.js';
import { patientNeedsResponseOf } from '../domain/referral-needs.js';

/** The patient's clinical needs as stored: what matching used. */
export class PatientNeedsResponseDto {
  @ApiProperty({ enum: GENDERS }) gender!: Gender;
  @ApiProperty() ageYears!: number;
  @ApiProperty() pregnant!: boolean;
  @ApiProperty({ description: 'Co-occurring mental illness' }) coOccurringMentalIllness!: boolean;
  @ApiProperty({
    enum: SUBSTANCES,
    isArray: true,
    description: 'What the patient needs treatment for (empty only on referrals made before it was asked)',
  })
  substances!: Substance[];
  @ApiPropertyOptional({ enum: COURT_ORDERS, nullable: true, description: 'The court order behind the placement, if any' })
  courtOrder!: CourtOrder | null;
  @ApiProperty({ deprecated: true, description: 'courtOrder is not null (kept for clients written before courtOrder)' })
  courtOrdered!: boolean;
  @ApiPropertyOptional({ enum: MEDICATIONS, nullable: true, description: 'Medication to continue' }) medication!: Medication | null;
  @ApiPropertyOptional({ enum: MEDICATIONS, nullable: true, description: 'Medication to start' }) startMedication!: Medication | null;
  @ApiProperty({ description: 'The patient’s children need a residential bed too' }) bedsForChildren!: boolean;
  @ApiProperty({ description: 'The patient needs childcare during treatment' }) childcare!: boolean;
  @ApiPropertyOptional({ enum: LANGUAGES, nullable: true }) language!: Language | null;
}

export class FacilityMatchResponseDto {
  @ApiProperty({ example: 1 }) rank!: number;
  @ApiProperty({ format: 'uuid' }) facilityId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ enum: LEVELS_OF_CARE, description: 'Level the bed is in' }) levelOfCare!: LevelOfCare;
  @ApiProperty({ example: 12.4 }) distanceMiles!: number;
  @ApiProperty({ example: 3 }) bedsAvailable!: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the facility last confirmed those beds' })
  bedsConfirmedAt!: string | null;
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
      levelOfCare: match.levelOfCare,
      distanceMiles: match.distanceMiles,
      bedsAvailable: match.bedsAvailable,
      bedsConfirmedAt: match.bedsConfirmedAt ? new Date(match.bedsConfirmedAt).toISOString() : null,
      score: match.score,
      reasons: match.reasons,
    };
  }
}

export class ExclusionResponseDto {
  @ApiProperty() facilityId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty() state!: string;
  @ApiProperty() distanceMiles!: number;
  @ApiProperty({ example: 'no-bed', description: 'The rule that left the facility out' }) rule!: string;
  @ApiProperty({ example: 'no bed free in detox-residential' }) detail!: string;
}

export class SuggestionResponseDto {
  @ApiProperty({ enum: ['distance', 'level-of-care', 'waitlist'] }) kind!: string;
  @ApiProperty({ example: '3 facilities fit within 45 mi (nearest 38.2 mi)' }) text!: string;
  @ApiPropertyOptional() maxDistanceMiles?: number;
  @ApiPropertyOptional() matches?: number;
  @ApiPropertyOptional({ enum: LEVELS_OF_CARE }) levelOfCare?: LevelOfCare;
  @ApiPropertyOptional() facilityId?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() distanceMiles?: number;
  @ApiPropertyOptional() opening24h?: number;
  @ApiPropertyOptional() opening72h?: number;
  @ApiPropertyOptional() waitlist?: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) typicalWaitDays?: number | null;
}

export class TaskBedHoldResponseDto {
  @ApiProperty({ enum: ['pending', ...BED_HOLD_STATUSES], description: 'pending until the registry has answered' })
  status!: TaskHoldStatus;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When a held bed returns on its own' })
  expiresAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'no detox-residential bed is free' }) reason!: string | null;
}

/** The referral as sent to one facility (FHIR Task). */
export class ReferralTaskResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) facilityId!: string;
  @ApiProperty() facilityName!: string;
  @ApiProperty({ enum: LEVELS_OF_CARE }) levelOfCare!: LevelOfCare;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'placed-elsewhere' }) statusReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) statusNote!: string | null;
  @ApiProperty({ type: TaskBedHoldResponseDto }) hold!: TaskBedHoldResponseDto;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The unanswered task this one replaced' })
  escalatedFromTaskId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(task: ReferralTaskEntity): ReferralTaskResponseDto {
    return {
      id: task.id,
      facilityId: task.facilityId,
      facilityName: task.facilityName,
      levelOfCare: task.levelOfCare,
      status: task.status,
      statusReason: task.statusReason,
      statusNote: task.statusNote,
      hold: {
        status: task.holdStatus,
        expiresAt: task.holdExpiresAt ? new Date(task.holdExpiresAt).toISOString() : null,
        reason: task.holdReason,
      },
      escalatedFromTaskId: task.escalatedFromTaskId ?? null,
      createdAt: new Date(task.createdAt).toISOString(),
      updatedAt: new Date(task.updatedAt).toISOString(),
    };
  }
}

export class ReferralWarningDto {
  @ApiProperty({ enum: REFERRAL_WARNING_CODES }) code!: ReferralWarning['code'];
  @ApiProperty() text!: string;
}

export class ReferralResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MATCH_STATUSES, description: 'matching until the matcher has answered' }) matchStatus!: MatchStatus;
  @ApiProperty({ enum: LEVELS_OF_CARE }) levelOfCare!: LevelOfCare;
  @ApiProperty({ enum: PATIENT_PAYERS }) payer!: PatientPayer;
  @ApiProperty() patientZip!: string;
  @ApiProperty() maxDistanceMiles!: number;
  @ApiProperty({ type: PatientNeedsResponseDto }) needs!: PatientNeedsResponseDto;
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
  @ApiProperty() acceptHigherLevels!: boolean;
  @ApiProperty() requireAccreditation!: boolean;
  @ApiProperty({ type: [ExclusionResponseDto], description: 'Nearest facilities left out, and why' })
  nearbyExclusions!: ExclusionResponseDto[];
  @ApiProperty({ type: [SuggestionResponseDto], description: 'When nothing fits: what would widen the search' })
  suggestions!: SuggestionResponseDto[];
  @ApiProperty({ type: [ReferralTaskResponseDto], description: 'The facilities it was sent to, with each one’s answer and bed hold' })
  tasks!: ReferralTaskResponseDto[];
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The referral this one continues' })
  followsReferralId!: string | null;
  @ApiProperty({
    type: [ReferralWarningDto],
    description: 'What the planner must act on, e.g. a detox admission with no next level under way',
  })
  warnings!: ReferralWarningDto[];
  @ApiProperty({ enum: REFERRAL_OUTCOMES, description: 'What became of it so far, from the match and the facilities’ answers' })
  outcome!: ReferralOutcome;

  static from(referral: ReferralEntity, warnings: readonly ReferralWarning[] = []): ReferralResponseDto {
    return {
      id: referral.id,
      matchStatus: referral.matchStatus,
      levelOfCare: referral.levelOfCare,
      payer: referral.payer,
      patientZip: referral.originZip,
      maxDistanceMiles: referral.maxDistanceMiles,
      needs: patientNeedsResponseOf(referral),
      acceptHigherLevels: referral.acceptHigherLevels,
      requireAccreditation: referral.requireAccreditation,
      nearbyExclusions: referral.nearbyExclusions ?? [],
      suggestions: referral.suggestions ?? [],
      submittedAt: new Date(referral.submittedAt).toISOString(),
      matchedAt: referral.matchedAt ? new Date(referral.matchedAt).toISOString() : null,
      facilitiesConsidered: referral.facilitiesConsidered,
      excludedByRule: referral.excludedByRule,
      matches: (referral.matches ?? []).map(FacilityMatchResponseDto.from),
      tasks: (referral.tasks ?? []).map(ReferralTaskResponseDto.from),
      followsReferralId: referral.followsReferralId ?? null,
      warnings: [...warnings],
      outcome: referralOutcome(
        referral.matchStatus,
        (referral.tasks ?? []).map((task) => task.status),
      ),
    };
  }
}
