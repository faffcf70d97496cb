import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { assertCanManageFacility } from '../../facilities/domain/facility-access.js';
import { BedHoldResponseDto } from '../bed-hold.response.dto.js';
import { BED_HOLD_REPOSITORY, type BedHoldRepository } from '../database/bed-hold.repository.port.js';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class ListBedHoldsHttpController {
  constructor(@Inject(BED_HOLD_REPOSITORY) private readonly holds: BedHoldRepository) {}

  @Roles('admin', 'facility-staff', 'system')
  @Get(':facilityId/holds')
  @ApiOperation({ summary: 'Beds held for referrals awaiting this facility’s answer, soonest expiry first' })
  @ApiOkResponse({ type: [BedHoldResponseDto] })
  @ApiForbiddenResponse({ description: 'Not an admin, nor staff of this facility' })
  async list(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BedHoldResponseDto[]> {
    assertCanManageFacility(principal, facilityId);
    return (await this.holds.activeAt(facilityId)).map(BedHoldResponseDto.from);
  }
}
