import { Controller, Get, Inject, Param, ParseUUIDPipe, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { canSeeReferral } from '../referral-access.js';
import { ReferralErrorFilter } from '../referral-error.filter.js';
import { ReferralNotFoundError } from '../referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralResponseDto } from '../referral.response.dto.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
@UseFilters(ReferralErrorFilter)
export class GetReferralHttpController {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly reader: ReferralReader,
  ) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Get(':referralId')
  @ApiOperation({ summary: 'A referral with its ranked matches' })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiNotFoundResponse({ description: 'No such referral visible to you' })
  async get(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralResponseDto> {
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(principal, referral)) throw new ReferralNotFoundError(referralId);
    return this.reader.presentFor(principal, referral);
  }
}
