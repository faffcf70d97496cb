import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, OutboxRelay, rawMessageOf } from '#messaging';
import { ReferralUpdates } from '../referral-updates.js';
import { RecordBedHoldHandler } from './record-bed-hold.handler.js';

@Controller()
export class RecordBedHoldKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: RecordBedHoldHandler,
    private readonly updates: ReferralUpdates,
    private readonly relay: OutboxRelay,
  ) {}

  @EventPattern(Topic.BedHold)
  async onBedHold(@Ctx() context: KafkaContext): Promise<void> {
    let changedReferral: string | null = null;
    await this.inbox.receive(
      Topic.BedHold,
      rawMessageOf(context),
      async (event, manager) => {
        changedReferral = await this.handler.execute(event, manager);
      },
    );
    if (changedReferral) {
      this.relay.notify();
      this.updates.changed(changedReferral);
    }
  }
}
