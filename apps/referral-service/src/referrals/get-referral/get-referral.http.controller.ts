import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { ReferralNotFoundError } from '../domain/referral-errors.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralResponseDto } from '../dtos/referral.response.dto.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class GetReferralHttpController {
  constructor(private readonly reader: ReferralReader) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Get(':referralId')
  @ApiOperation({ summary: 'A referral with its ranked matches' })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiNotFoundResponse({ description: 'No such referral visible to you' })
  async get(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralResponseDto> {
    const referral = await this.reader.findVisible(principal, referralId);
    if (!referral) throw new ReferralNotFoundError(referralId);
    return this.reader.presentFor(principal, referral);
  }
}
