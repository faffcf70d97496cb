import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, rawMessageOf } from '#messaging';
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
    let changedReferral: string | null = null;
    await this.inbox.receive(
      Topic.ReferralMatched,
      rawMessageOf(context),
      async (event, manager) => {
        if (await this.handler.execute(event, manager)) changedReferral = event.payload.referralId;
      },
    );
    if (changedReferral) this.updates.changed(changedReferral);
  }
}
