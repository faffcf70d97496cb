import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { referralTaskFromV1, Topic } from '#contracts';
import { EventInbox, rawMessageOf } from '#messaging';
import { ApplyReferralTaskCommand } from './apply-referral-task.command.js';
import { ApplyReferralTaskHandler } from './apply-referral-task.handler.js';

@Controller()
export class ApplyReferralTaskKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: ApplyReferralTaskHandler,
  ) {}

  @EventPattern(Topic.ReferralTask)
  async onReferralTask(@Ctx() context: KafkaContext): Promise<void> {
    await this.inbox.receive(Topic.ReferralTask, rawMessageOf(context), (event) =>
      this.handler.execute(new ApplyReferralTaskCommand(event)),
    );
  }

  /**
   * Task changes made before the upgrade, still in the log: applied like any other, their exact age
   * turned into its band here, so the registry never holds it.
   */
  @EventPattern(Topic.ReferralTaskV1)
  async onReferralTaskV1(@Ctx() context: KafkaContext): Promise<void> {
    await this.inbox.receive(Topic.ReferralTaskV1, rawMessageOf(context), (event) =>
      this.handler.execute(new ApplyReferralTaskCommand({ ...event, payload: referralTaskFromV1(event.payload) })),
    );
  }
}
