import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { assertCanManageFacility } from '../domain/facility-access.js';
import { BedCountResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';
import { UpdateCapacityCommand } from './update-capacity.command.js';
import { UpdateCapacityHandler } from './update-capacity.handler.js';
import { UpdateCapacityRequestDto } from './update-capacity.request.dto.js';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class UpdateCapacityHttpController {
  constructor(
    private readonly handler: UpdateCapacityHandler,
    private readonly clock: FacilityClock,
  ) {}

  @Roles('admin', 'facility-staff', 'system')
  @ApiForbiddenResponse({ description: 'Not an admin, nor staff of this facility' })
  @Put(':facilityId/capacity')
  @ApiOperation({ summary: 'Update bed board lines (per program and bed type); announced on facility.capacity.v2' })
  @ApiOkResponse({ type: [BedCountResponseDto], description: 'The facility’s whole bed board after the change' })
  @ApiBadRequestResponse({ description: 'A field is invalid; `errors` names each field and reason' })
  @ApiNotFoundResponse({ description: 'No such facility' })
  async updateCapacity(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Body() body: UpdateCapacityRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BedCountResponseDto[]> {
    assertCanManageFacility(principal, facilityId);
    const beds = await this.handler.execute(new UpdateCapacityCommand(facilityId, body.beds, new Date(), principal.sub));
    const clock = this.clock.current();
    return beds.map((bed) => BedCountResponseDto.from(bed, clock));
  }
}
