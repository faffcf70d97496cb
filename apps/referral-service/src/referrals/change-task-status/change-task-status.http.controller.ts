import { Body, Controller, HttpCode, Inject, Param, ParseEnumPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { badRequest } from '#http';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralResponseDto } from '../dtos/referral.response.dto.js';
import { TASK_ACTION_NAMES, TASK_ACTIONS, type TaskAction } from '../domain/task-lifecycle.js';
import { ChangeTaskStatusCommand } from './change-task-status.command.js';
import { ChangeTaskStatusHandler } from './change-task-status.handler.js';
import { ChangeTaskStatusRequestDto } from './change-task-status.request.dto.js';

const ACTION_SUMMARY = TASK_ACTION_NAMES.map((name) => `${name} → ${TASK_ACTIONS[name].to} (by the ${TASK_ACTIONS[name].by})`).join('; ');

/** A fresh pipe per route parameter: the action must be one of the task actions. */
function actionPipe(): ParseEnumPipe {
  return new ParseEnumPipe(Object.fromEntries(TASK_ACTION_NAMES.map((name) => [name, name])), {
    exceptionFactory: () => badRequest([{ field: 'action', reason: `must be one of ${TASK_ACTION_NAMES.join(', ')}` }]),
  });
}

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ChangeTaskStatusHttpController {
  constructor(
    private readonly handler: ChangeTaskStatusHandler,
    private readonly reader: ReferralReader,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
  ) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Post(':referralId/tasks/:taskId/:action')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Act on the referral as sent to one facility: accept, decline, ask for information, admit, no-show, complete, cancel',
    description: `${ACTION_SUMMARY}. Accepting cancels the referral at every other facility and releases their beds.`,
  })
  @ApiParam({ name: 'action', enum: TASK_ACTION_NAMES })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiBadRequestResponse({ description: 'A decline without a reason, "other" without a note, an unknown action' })
  @ApiForbiddenResponse({ description: 'Facility actions need staff of that facility; cancel needs the referring planner' })
  @ApiNotFoundResponse({ description: 'No such referral or task visible to you' })
  @ApiConflictResponse({ description: 'The task’s status does not allow the action, or another facility already accepted' })
  async change(
    @Param('referralId', new ParseUUIDPipe()) referralId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('action', actionPipe()) action: TaskAction,
    @Body() body: ChangeTaskStatusRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralResponseDto> {
    await this.handler.execute(
      new ChangeTaskStatusCommand(referralId, taskId, action, principal, new Date(), body.reason ?? null, body.note ?? null),
    );
    return this.reader.presentFor(principal, (await this.referrals.findWithMatches(referralId))!);
  }
}
