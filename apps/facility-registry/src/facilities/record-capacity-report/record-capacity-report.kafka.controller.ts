import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, OutboxRelay, rawMessageOf } from '#messaging';
import { RecordCapacityReportHandler } from './record-capacity-report.handler.js';

@Controller()
export class RecordCapacityReportKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: RecordCapacityReportHandler,
    private readonly relay: OutboxRelay,
  ) {}

  @EventPattern(Topic.FacilityCapacityReport)
  async onCapacityReport(@Ctx() context: KafkaContext): Promise<void> {
    const outcome = await this.inbox.receive(
      Topic.FacilityCapacityReport,
      rawMessageOf(context),
      (event, manager) => this.handler.execute(event, manager),
    );
    if (outcome === 'applied') this.relay.notify();
  }
}
