import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import type { Response } from 'express';
import { ReferralReader } from '../referral.reader.js';
import { AwaitReferralAnswerHandler } from '../await-referral-answer/await-referral-answer.handler.js';
import { AwaitReferralAnswerQuery } from '../await-referral-answer/await-referral-answer.query.js';
import { ReferralResponseDto } from '../dtos/referral.response.dto.js';
import { SubmitReferralCommand } from './submit-referral.command.js';
import { SubmitReferralHandler } from './submit-referral.handler.js';
import { patientNeedsFrom, SubmitReferralRequestDto } from './submit-referral.request.dto.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class SubmitReferralHttpController {
  constructor(
    private readonly handler: SubmitReferralHandler,
    private readonly awaitAnswer: AwaitReferralAnswerHandler,
    private readonly reader: ReferralReader,
  ) {}

  @Roles('planner', 'admin')
  @Post()
  @ApiOperation({
    summary: 'Submit a referral and get ranked facilities with a free bed',
    description:
      'Answers 201 with the ranked matches as soon as the matcher has answered (usually well under a second). ' +
      'If it has not answered within REFERRAL_MATCH_WAIT_MS the answer is 202 with matchStatus "matching"; ' +
      'follow the Location header, or stream GET /api/referrals/{id}/events.',
  })
  @ApiCreatedResponse({ type: ReferralResponseDto })
  @ApiAcceptedResponse({ type: ReferralResponseDto, description: 'Stored; matches not ready yet' })
  @ApiBadRequestResponse({ description: 'A field is invalid; `errors` names each field and reason' })
  async submit(
    @Body() body: SubmitReferralRequestDto,
    @Res({ passthrough: true }) response: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralResponseDto> {
    const referral = await this.handler.execute(
      new SubmitReferralCommand(
        body.levelOfCare,
        body.payer,
        body.patientZip,
        body.maxDistanceMiles,
        patientNeedsFrom(body.needs),
        new Date(),
        {
          acceptHigherLevels: body.acceptHigherLevels,
          requireAccreditation: body.requireAccreditation,
          followsReferralId: body.followsReferralId,
        },
        principal,
      ),
    );
    const answer = await this.awaitAnswer.execute(AwaitReferralAnswerQuery.match(referral.id));
    response.location(`/api/referrals/${referral.id}`);
    response.status(answer.answered ? HttpStatus.CREATED : HttpStatus.ACCEPTED);
    // With the planner's warnings: clinical advisories (e.g. MOUD in pregnancy) matter before anything is sent.
    return this.reader.present(answer.referral);
  }
}
