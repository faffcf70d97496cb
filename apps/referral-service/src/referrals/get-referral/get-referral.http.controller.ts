import { Controller, Get, Inject, Param, ParseUUIDPipe, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReferralErrorFilter } from '../referral-error.filter.js';
import { ReferralNotFoundError } from '../referral-errors.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../referral.repository.port.js';
import { ReferralResponseDto } from '../referral.response.dto.js';

@ApiTags('referrals')
@Controller('referrals')
@UseFilters(ReferralErrorFilter)
export class GetReferralHttpController {
  constructor(@Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository) {}

  @Get(':referralId')
  @ApiOperation({ summary: 'A referral with its ranked matches' })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiNotFoundResponse({ description: 'No such referral' })
  async get(@Param('referralId', new ParseUUIDPipe()) referralId: string): Promise<ReferralResponseDto> {
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral) throw new ReferralNotFoundError(referralId);
    return ReferralResponseDto.from(referral);
  }
}
