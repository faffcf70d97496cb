import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topic } from '#contracts';
import { EventInbox, rawMessageOf } from '#messaging';
import { accessTokenOf, RecordCapacityReportCommand } from './record-capacity-report.command.js';
import { RecordCapacityReportHandler } from './record-capacity-report.handler.js';

@Controller()
export class RecordCapacityReportKafkaController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handler: RecordCapacityReportHandler,
  ) {}

  @EventPattern(Topic.FacilityCapacityReport)
  async onCapacityReport(@Ctx() context: KafkaContext): Promise<void> {
    const message = rawMessageOf(context);
    await this.inbox.receive(Topic.FacilityCapacityReport, message, (event) =>
      this.handler.execute(new RecordCapacityReportCommand(event, accessTokenOf(message.headers))),
    );
  }
}
