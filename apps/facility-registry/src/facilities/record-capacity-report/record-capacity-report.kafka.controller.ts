import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, rawMessageOf } from '#messaging';
import { RecordCapacityReportCommand } from './record-capacity-report.command.js';
import { RecordCapacityReportHandler } from './record-capacity-report.handler.js';

@Controller()
export class RecordCapacityReportKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: RecordCapacityReportHandler,
  ) {}

  @EventPattern(Topic.FacilityCapacityReport)
  async onCapacityReport(@Ctx() context: KafkaContext): Promise<void> {
    await this.inbox.receive(Topic.FacilityCapacityReport, rawMessageOf(context), (event) =>
      this.handler.execute(new RecordCapacityReportCommand(event)),
    );
  }
}
