import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { ConsentResponseDto } from '../dtos/patient.response.dto.js';
import { ListConsentsHandler } from './list-consents.handler.js';
import { ListConsentsQuery } from './list-consents.query.js';

@ApiTags('patient details and consent')
@ApiBearerAuth()
@Controller('referrals')
export class ListConsentsHttpController {
  constructor(private readonly handler: ListConsentsHandler) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Get(':referralId/consents')
  @ApiOperation({
    summary:
      'Consents recorded for a referral. Facility staff see only current ones naming their facilities, with the patient’s name ' +
      'only when the consent discloses it; every read is audited',
  })
  @ApiOkResponse({ type: [ConsentResponseDto] })
  @ApiNotFoundResponse({ description: 'No such referral visible to you' })
  async list(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponseDto[]> {
    const listed = await this.handler.execute(new ListConsentsQuery(referralId, principal));
    return listed.map(({ consent, showName }) => ConsentResponseDto.from(consent, showName));
  }
}
