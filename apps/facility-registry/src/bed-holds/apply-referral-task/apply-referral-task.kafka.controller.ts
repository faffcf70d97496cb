import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, OutboxRelay, rawMessageOf } from '#messaging';
import { ApplyReferralTaskHandler } from './apply-referral-task.handler.js';

@Controller()
export class ApplyReferralTaskKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: ApplyReferralTaskHandler,
    private readonly relay: OutboxRelay,
  ) {}

  @EventPattern(Topic.ReferralTask)
  async onReferralTask(@Ctx() context: KafkaContext): Promise<void> {
    const outcome = await this.inbox.receive(
      Topic.ReferralTask,
      rawMessageOf(context),
      (event, manager) => this.handler.execute(event, manager),
    );
    if (outcome === 'applied') this.relay.notify();
  }
}
