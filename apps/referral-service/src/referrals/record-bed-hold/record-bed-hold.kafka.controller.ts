import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, rawMessageOf } from '#messaging';
import { RecordBedHoldCommand } from './record-bed-hold.command.js';
import { RecordBedHoldHandler } from './record-bed-hold.handler.js';

@Controller()
export class RecordBedHoldKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: RecordBedHoldHandler,
  ) {}

  @EventPattern(Topic.BedHold)
  async onBedHold(@Ctx() context: KafkaContext): Promise<void> {
    await this.inbox.receive(Topic.BedHold, rawMessageOf(context), async (event) => {
      await this.handler.execute(new RecordBedHoldCommand(event));
    });
  }
}
