import { ApiProperty } from '@nestjs/swagger';
import { LEVELS_OF_CARE, type LevelOfCare } from '#contracts';
import type { DurationFigure, FacilityFigure, PlacementFigures } from '../database/placement-analytics.repository.port.js';
import { REFERRAL_OUTCOMES, type ReferralOutcome } from '../domain/referral-outcome.js';

export class PlacementOutcomeCountDto {
  @ApiProperty({ enum: REFERRAL_OUTCOMES }) outcome!: ReferralOutcome;
  @ApiProperty() count!: number;
}

export class PlacementDurationFigureDto implements DurationFigure {
  @ApiProperty({ description: 'Referrals that got that far' }) referrals!: number;
  @ApiProperty({ type: Number, nullable: true, example: 42.5, description: 'Median, in minutes; null without any' })
  medianMinutes!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180, description: '90th percentile, in minutes; null without any' })
  p90Minutes!: number | null;
}

export class PlacementFacilityFigureDto implements FacilityFigure {
  @ApiProperty() facilityId!: string;
  @ApiProperty() facilityName!: string;
  @ApiProperty({ description: 'Tasks sent to the facility' }) sent!: number;
  @ApiProperty({ description: 'The facility said yes (whatever happened after)' }) accepted!: number;
  @ApiProperty({ description: 'The facility said no' }) declined!: number;
  @ApiProperty({ description: 'No bed to hold, the hold expired before an answer, or the patient did not arrive' }) failed!: number;
  @ApiProperty({ description: 'Withdrawn by the planner or placed elsewhere first' }) cancelled!: number;
  @ApiProperty({ description: 'Still waiting for an answer' }) awaiting!: number;
  @ApiProperty({ example: 0.4, description: 'accepted / sent' }) acceptanceRate!: number;
  @ApiProperty({ example: 0.25, description: 'declined / sent' }) declineRate!: number;
}

export class PlacementDeclineReasonCountDto {
  @ApiProperty({ example: 'no-capacity' }) reason!: string;
  @ApiProperty() count!: number;
}

export class PlacementLevelOfCareCountDto {
  @ApiProperty({ enum: LEVELS_OF_CARE }) levelOfCare!: LevelOfCare;
  @ApiProperty() count!: number;
}

export class PlacementStateCountDto {
  @ApiProperty({ type: String, nullable: true, example: 'WY', description: "State of the patient's ZIP code; null when unknown" })
  state!: string | null;
  @ApiProperty() count!: number;
}

export class PlacementUnmetDemandDto {
  @ApiProperty({ description: 'Referrals that found no facility with a bed' }) referrals!: number;
  @ApiProperty({ type: [PlacementLevelOfCareCountDto] }) byLevelOfCare!: PlacementLevelOfCareCountDto[];
  @ApiProperty({ type: [PlacementStateCountDto] }) byState!: PlacementStateCountDto[];
}

export class PlacementFiguresResponseDto implements PlacementFigures {
  @ApiProperty({ description: 'Referrals the filters select' }) referrals!: number;
  @ApiProperty({ type: [PlacementOutcomeCountDto], description: 'How many have each outcome' }) outcomes!: PlacementOutcomeCountDto[];
  @ApiProperty({ type: PlacementDurationFigureDto, description: 'Minutes from submission to the first acceptance by any facility' })
  timeToAcceptance!: PlacementDurationFigureDto;
  @ApiProperty({ type: PlacementDurationFigureDto, description: 'Minutes from submission to admission' })
  timeToAdmission!: PlacementDurationFigureDto;
  @ApiProperty({ type: [PlacementFacilityFigureDto], description: 'What each facility did with the referrals sent to it, most sent first' })
  facilities!: PlacementFacilityFigureDto[];
  @ApiProperty({ type: [PlacementDeclineReasonCountDto], description: 'Declines by reason, most frequent first' })
  declineReasons!: PlacementDeclineReasonCountDto[];
  @ApiProperty({ type: PlacementUnmetDemandDto }) unmetDemand!: PlacementUnmetDemandDto;
}
