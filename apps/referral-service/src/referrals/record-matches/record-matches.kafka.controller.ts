import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox } from '#messaging';
import { ReferralUpdates } from '../referral-updates.js';
import { RecordMatchesHandler } from './record-matches.handler.js';

@Controller()
export class RecordMatchesKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: RecordMatchesHandler,
    private readonly updates: ReferralUpdates,
  ) {}

  @EventPattern(Topic.ReferralMatched)
  async onReferralMatched(@Ctx() context: KafkaContext): Promise<void> {
    const message = context.getMessage();
    let changedReferral: string | null = null;
    await this.inbox.receive(
      Topic.ReferralMatched,
      { topic: context.getTopic(), partition: context.getPartition(), offset: message.offset, key: message.key, value: message.value, headers: message.headers },
      async (event, manager) => {
        if (await this.handler.execute(event, manager)) changedReferral = event.payload.referralId;
      },
    );
    if (changedReferral) this.updates.changed(changedReferral);
  }
}
