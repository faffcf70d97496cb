import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AWAITING_ANSWER_STATUSES, PLACED_STATUSES } from '#contracts';
import { UnitOfWork } from '#persistence';
import { ReferralConfig } from '../../referral.config.js';
import { decideOpenTasks, openTaskScopeOf } from '../domain/open-task-caps.js';
import { isPlannerOf } from '../domain/referral-access.js';
import { InvalidReferralError, ReferralConflictError, ReferralNotFoundError } from '../domain/referral-errors.js';
import { ReferralTaskEntity } from '../database/referral-task.entity.js';
import { ReferralTaskRecorder } from '../database/referral-task.recorder.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import type { SendReferralCommand } from './send-referral.command.js';

/**
 * Sends a matched referral to one or more of its matches: one task per facility, each announced on
 * referral.task.v1, where the registry holds a bed for it. Sending again to a facility that still
 * owes an answer changes nothing. A send that would leave the referral, or its organisation, with more
 * tasks awaiting an answer than MAX_OPEN_TASKS_PER_REFERRAL / _PER_ORGANIZATION allow is refused whole (409).
 */
@Injectable()
export class SendReferralHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly recorder: ReferralTaskRecorder,
    private readonly config: ReferralConfig,
  ) {}

  async execute(command: SendReferralCommand): Promise<ReferralTaskEntity[]> {
    return this.unitOfWork.run(async (tx) => {
      const referral = await this.referrals.lockForUpdate(tx, command.referralId);
      if (!referral || !isPlannerOf(command.sender, referral)) throw new ReferralNotFoundError(command.referralId);
      if (referral.matchStatus !== 'matched') {
        throw new InvalidReferralError('facilityIds', `the referral has no matches to send to (it is ${referral.matchStatus})`);
      }
      const existing = await this.referrals.tasksOf(tx, referral.id);
      const placed = existing.find((task) => PLACED_STATUSES.includes(task.status));
      if (placed) throw new ReferralConflictError(`the referral is already placed: ${placed.facilityName} accepted it`);
      const matches = await this.referrals.matchesOf(tx, referral.id);
      const open = existing.filter((task) => AWAITING_ANSWER_STATUSES.includes(task.status));
      const chosen = command.facilityIds.map((facilityId, index) => {
        const match = matches.find((candidate) => candidate.facilityId === facilityId);
        if (!match) throw new InvalidReferralError(`facilityIds.${index}`, `${facilityId} is not among this referral's matches`);
        return match;
      });
      const toSend = chosen.filter((match) => !open.some((task) => task.facilityId === match.facilityId));
      if (toSend.length > 0) {
        // The referral row is locked; the scope lock makes counting and adding one step for the whole organisation.
        const scope = openTaskScopeOf(referral);
        if (scope) await this.referrals.lockOpenTaskScope(tx, scope);
        const openInScope = scope ? await this.referrals.countOpenTasks(tx, scope, AWAITING_ANSWER_STATUSES) : null;
        const decision = decideOpenTasks(
          { adding: toSend.length, openOnReferral: open.length, openInScope, scope },
          { perReferral: this.config.MAX_OPEN_TASKS_PER_REFERRAL, perOrganization: this.config.MAX_OPEN_TASKS_PER_ORGANIZATION },
        );
        if (decision.refusal !== null) throw new ReferralConflictError(decision.refusal);
      }
      const created: ReferralTaskEntity[] = [];
      for (const match of toSend) {
        const task = Object.assign(new ReferralTaskEntity(), {
          id: randomUUID(),
          referralId: referral.id,
          facilityId: match.facilityId,
          facilityName: match.facilityName,
          levelOfCare: match.levelOfCare,
          status: 'requested',
          statusReason: null,
          statusNote: null,
          holdStatus: 'pending',
          holdExpiresAt: null,
          holdReason: null,
          holdVersion: 0,
          version: 1,
          escalatedFromTaskId: null,
          createdBy: command.sender.sub,
          createdAt: command.sentAt,
          updatedAt: command.sentAt,
        } satisfies Omit<ReferralTaskEntity, 'referral' | 'transitions'>);
        await this.recorder.create(tx, referral, task, { to: 'requested', by: command.sender.sub, at: command.sentAt });
        created.push(task);
      }
      return created;
    });
  }
}
