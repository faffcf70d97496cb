import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, rawMessageOf } from '#messaging';
import { RecordMatchesCommand } from './record-matches.command.js';
import { RecordMatchesHandler } from './record-matches.handler.js';

@Controller()
export class RecordMatchesKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: RecordMatchesHandler,
  ) {}

  @EventPattern(Topic.ReferralMatched)
  async onReferralMatched(@Ctx() context: KafkaContext): Promise<void> {
    await this.inbox.receive(Topic.ReferralMatched, rawMessageOf(context), async (event) => {
      await this.handler.execute(new RecordMatchesCommand(event));
    });
  }
}
