import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canManageFacility, CurrentPrincipal, Roles, type Principal } from '#auth';
import { PATIENT_RECORD_REPOSITORY, type PatientRecordRepository } from '../database/patient-record.repository.port.js';
import { ConsentResponseDto } from '../dtos/patient.response.dto.js';
import { canSeeReferral, isPlannerOf } from '../domain/referral-access.js';
import { ReferralNotFoundError } from '../domain/referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';

@ApiTags('patient details and consent')
@ApiBearerAuth()
@Controller('referrals')
export class ListConsentsHttpController {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    @Inject(PATIENT_RECORD_REPOSITORY) private readonly records: PatientRecordRepository,
  ) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Get(':referralId/consents')
  @ApiOperation({ summary: 'Consents recorded for a referral; facility staff see those naming their facilities' })
  @ApiOkResponse({ type: [ConsentResponseDto] })
  @ApiNotFoundResponse({ description: 'No such referral visible to you' })
  async list(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponseDto[]> {
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(principal, referral)) throw new ReferralNotFoundError(referralId);
    const consents = await this.records.consentsOf(referralId);
    const visible = isPlannerOf(principal, referral)
      ? consents
      : consents.filter((consent) => canManageFacility(principal, consent.recipientFacilityId));
    return visible.map(ConsentResponseDto.from);
  }
}
