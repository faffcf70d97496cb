import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { PageRequestDto } from '#http';
import { ReferralReader } from '../referral.reader.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralResponseDto } from '../dtos/referral.response.dto.js';

export class ReferralPageResponseDto {
  @ApiProperty({ type: [ReferralResponseDto] }) items!: ReferralResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ListReferralsHttpController {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly reader: ReferralReader,
  ) {}

  @Roles('planner', 'admin')
  @Get()
  @ApiOperation({ summary: 'Your organisation’s referrals, newest first, with their status and warnings (admins: all)' })
  @ApiOkResponse({ type: ReferralPageResponseDto })
  async list(@Query() query: PageRequestDto, @CurrentPrincipal() principal: Principal): Promise<ReferralPageResponseDto> {
    const scope =
      principal.role === 'admin'
        ? { organization: null, submittedBy: null }
        : principal.organization !== null
          ? { organization: principal.organization, submittedBy: null }
          : { organization: null, submittedBy: principal.sub };
    const { items, total } = await this.referrals.listFor(scope, query.page, query.pageSize);
    return { items: await Promise.all(items.map((item) => this.reader.present(item))), total, page: query.page, pageSize: query.pageSize };
  }
}
