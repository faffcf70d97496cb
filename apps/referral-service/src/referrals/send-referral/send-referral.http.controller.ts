import { Body, Controller, HttpStatus, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { AwaitReferralAnswerHandler } from '../await-referral-answer/await-referral-answer.handler.js';
import { AwaitReferralAnswerQuery } from '../await-referral-answer/await-referral-answer.query.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralResponseDto } from '../dtos/referral.response.dto.js';
import { SendReferralCommand } from './send-referral.command.js';
import { SendReferralHandler } from './send-referral.handler.js';
import { SendReferralRequestDto } from './send-referral.request.dto.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class SendReferralHttpController {
  constructor(
    private readonly handler: SendReferralHandler,
    private readonly awaitAnswer: AwaitReferralAnswerHandler,
    private readonly reader: ReferralReader,
  ) {}

  @Roles('planner', 'admin')
  @Post(':referralId/tasks')
  @ApiOperation({
    summary: 'Send the referral to facilities from its matches; a bed is held at each',
    description:
      'Answers 201 once the registry has held or refused a bed at every facility: a task whose hold is "refused" ' +
      'lost the race for the last bed and is failed with reason "no-bed". 202 when the registry has not answered ' +
      'within REFERRAL_HOLD_WAIT_MS; follow GET /api/referrals/{id} or its event stream.',
  })
  @ApiCreatedResponse({ type: ReferralResponseDto })
  @ApiAcceptedResponse({ type: ReferralResponseDto, description: 'Sent; holds not answered yet' })
  @ApiBadRequestResponse({ description: 'A facility is not among the matches, or the referral has none' })
  @ApiNotFoundResponse({ description: 'No such referral among yours' })
  @ApiConflictResponse({
    description:
      'A facility already accepted the referral, or sending would leave more facilities holding a bed than ' +
      'MAX_OPEN_TASKS_PER_REFERRAL (for the referral) or MAX_OPEN_TASKS_PER_ORGANIZATION (for its organisation) allow',
  })
  async send(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Body() body: SendReferralRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReferralResponseDto> {
    await this.handler.execute(new SendReferralCommand(referralId, body.facilityIds, principal, new Date()));
    const answer = await this.awaitAnswer.execute(AwaitReferralAnswerQuery.holds(referralId, body.facilityIds));
    response.location(`/api/referrals/${referralId}`);
    response.status(answer.answered ? HttpStatus.CREATED : HttpStatus.ACCEPTED);
    return this.reader.present(answer.referral);
  }
}
