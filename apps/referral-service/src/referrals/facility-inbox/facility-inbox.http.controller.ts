import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { canManageFacility, CurrentPrincipal, Roles, type Principal } from '#auth';
import { LEVELS_OF_CARE, PATIENT_PAYERS, type LevelOfCare, type PatientPayer } from '#contracts';
import { DISCLOSABLE_FIELDS, validConsentFor, type DisclosableField } from '../domain/consent-rules.js';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { ReferralForbiddenError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { PatientNeedsResponseDto, ReferralTaskResponseDto } from '../dtos/referral.response.dto.js';
import { FacilityInboxRequestDto } from './facility-inbox.request.dto.js';
import { patientNeedsResponseOf } from '../domain/referral-needs.js';

export class InboxConsentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DISCLOSABLE_FIELDS, isArray: true }) disclosedFields!: DisclosableField[];
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** One referral as the facility sees it before reading patient details: clinical needs, no identity. */
export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ type: ReferralTaskResponseDto }) task!: ReferralTaskResponseDto;
  @ApiProperty({ enum: LEVELS_OF_CARE }) requestedLevelOfCare!: LevelOfCare;
  @ApiProperty({ enum: PATIENT_PAYERS }) payer!: PatientPayer;
  @ApiProperty({ type: PatientNeedsResponseDto }) needs!: PatientNeedsResponseDto;
  @ApiProperty({ description: 'The patient’s ZIP code (where they are now)' }) patientZip!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiPropertyOptional({ type: InboxConsentDto, nullable: true, description: 'A valid consent to see patient details, if any' })
  consent!: InboxConsentDto | null;
}

export class InboxPageResponseDto {
  @ApiProperty({ type: [InboxItemDto] }) items!: InboxItemDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

@ApiTags('facility inbox')
@ApiBearerAuth()
@Controller('inbox')
export class FacilityInboxHttpController {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
  ) {}

  @Roles('facility-staff', 'admin')
  @Get(':facilityId')
  @ApiOperation({ summary: 'Referrals sent to a facility, newest first: what staff accept, decline, ask about, admit' })
  @ApiOkResponse({ type: InboxPageResponseDto })
  @ApiForbiddenResponse({ description: 'Not staff of this facility' })
  async inbox(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Query() query: FacilityInboxRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InboxPageResponseDto> {
    if (!canManageFacility(principal, facilityId)) {
      throw new ReferralForbiddenError(`you do not act for facility ${facilityId}`);
    }
    const { items, total } = await this.referrals.inbox(facilityId, query.status, query.page, query.pageSize);
    const consents = await this.records.consentsTo(
      facilityId,
      items.map((task) => task.referralId),
    );
    const now = new Date();
    return {
      items: items.map((task) => {
        const referral = task.referral!;
        const consent = validConsentFor(
          consents.filter((candidate) => candidate.referralId === task.referralId),
          facilityId,
          now,
        );
        return {
          referralId: task.referralId,
          task: ReferralTaskResponseDto.from(task),
          requestedLevelOfCare: referral.levelOfCare,
          payer: referral.payer,
          needs: patientNeedsResponseOf(referral),
          patientZip: referral.originZip,
          submittedAt: new Date(referral.submittedAt).toISOString(),
          consent: consent
            ? { id: consent.id, disclosedFields: consent.disclosedFields, expiresAt: new Date(consent.expiresAt).toISOString() }
            : null,
        };
      }),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
